// clients::rendered_kinds() is derived from the Kubernetes renderer: every
// (apiVersion, kind) that cli/render/kubernetes*.cpp builds is in the table,
// and the table names nothing the renderer does not build.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "clients/kubectl.hpp"

TEST_CASE("rendered kinds: the table matches what cli/render/kubernetes*.cpp builds") {
  std::set<std::string> rendered;
  const std::regex object(R"(kubernetes_object\(\s*\"([^\"]+)\",\s*\"([^\"]+)\")");
  const std::regex literal(R"(\{\"apiVersion\",\s*\"([^\"]+)\"\},\s*\{\"kind\",\s*\"([^\"]+)\"\})");
  for (const auto& entry : std::filesystem::directory_iterator(std::string(STACKCTL_SOURCE_DIR) + "/cli/render")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("kubernetes", 0) != 0 || entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (const std::regex* re : {&object, &literal})
      for (std::sregex_iterator it(source.begin(), source.end(), *re), end; it != end; ++it) {
        std::string api = (*it)[1];
        if (api.find('/') == std::string::npos) api = "core/" + api;
        rendered.insert(api + "/" + std::string((*it)[2]));
      }
  }
  rendered.erase("apps/v1/Deployment");  // also found as a scaleTargetRef; it is rendered anyway
  rendered.insert("apps/v1/Deployment");
  std::set<std::string> table;
  for (const auto& k : stackctl::clients::rendered_kinds()) table.insert(std::string(k.group_version_kind));
  CHECK(rendered.size() >= 10);
  CHECK(table == rendered);
}
