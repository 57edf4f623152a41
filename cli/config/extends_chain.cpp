#include "config/extends_chain.hpp"

#include <algorithm>

#include "config/loader.hpp"
#include "config/merge.hpp"
#include "config/reader.hpp"
#include "config/suggest.hpp"
#include "config/yaml_parse.hpp"

namespace stackctl::config {

MergedFiles read_extends_chain(const std::filesystem::path& root, const std::string& name, Diagnostics& diags) {
  const std::vector<std::string> known = list_environments(root);
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string message = "unknown environment " + quote(name) + did_you_mean(name, known);
    if (known.empty()) message += "; no environments/*.yaml under " + root.string();
    throw InvalidInput({Diagnostic{make_mark("environments/" + name + ".yaml"), "", message}});
  }

  std::vector<Node> chain;  // child first
  std::vector<std::string> names{name};
  std::vector<std::string> files;
  std::string current = name;
  while (true) {
    const std::string display = "environments/" + current + ".yaml";
    try {
      chain.push_back(parse_yaml_file((root / display).string(), display));
    } catch (const InvalidInput& e) {
      if (chain.empty()) throw;
      for (const auto& d : e.diagnostics()) diags.error(d.mark, d.path, d.message);
      break;
    }
    files.push_back(display);
    const Node& doc = chain.back();
    if (!doc.is_map()) {
      diags.error(doc.mark(), "", "an environment file must be a map, got " + describe(doc));
      chain.pop_back();
      break;
    }
    const Node* ext = doc.find("extends");
    if (!ext || is_plain_null(*ext)) break;
    std::string parent;
    if (!read_string(*ext, "extends", diags, parent)) break;
    if (std::find(names.begin(), names.end(), parent) != names.end()) {
      std::string cycle;
      for (const auto& n : names) cycle += n + " -> ";
      diags.error(ext->mark(), "extends", "extends cycle: " + cycle + parent);
      break;
    }
    if (std::find(known.begin(), known.end(), parent) == known.end()) {
      diags.error(ext->mark(), "extends", "unknown environment " + quote(parent) + did_you_mean(parent, known));
      break;
    }
    names.push_back(parent);
    current = parent;
  }

  MergedFiles out;
  out.tree = Node::map(chain.empty() ? Mark{} : chain.front().mark());
  // `abstract` belongs to the environment's own file: it is not inherited.
  if (const Node* a = chain.empty() ? nullptr : chain.front().find("abstract")) {
    read_bool(*a, "abstract", diags, out.abstract);
    out.abstract_mark = a->mark();
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    it->erase("abstract");
    deep_merge(out.tree, *it);
  }
  out.tree.erase("extends");
  out.files.assign(files.rbegin(), files.rend());
  return out;
}

}  // namespace stackctl::config
