#include "config/template_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/yaml_parse.hpp"

namespace fs = std::filesystem;

namespace stackctl::config {
namespace {

void collect(const fs::path& root, const std::string& folder, bool per_service, Diagnostics& diags,
             std::vector<TemplateFile>& out) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(root / folder, ec)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    TemplateFile t;
    t.display = folder + "/" + path.filename().string();
    t.stem = path.stem().string();
    t.per_service = per_service;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    try {
      t.documents = parse_yaml_stream(text.str(), t.display);
    } catch (const InvalidInput& e) {
      for (const auto& d : e.diagnostics()) diags.error(d.mark, d.path, d.message);
      continue;
    }
    out.push_back(std::move(t));
  }
}

}  // namespace

std::vector<TemplateFile> load_template_files(const fs::path& root, const std::string& environment,
                                              Diagnostics& diags) {
  std::vector<TemplateFile> out;
  collect(root, "templates", false, diags, out);
  collect(root, "templates/services", true, diags, out);
  collect(root, "templates/environments/" + environment, false, diags, out);
  collect(root, "templates/environments/" + environment + "/services", true, diags, out);
  return out;
}

}  // namespace stackctl::config
