// The walk over directories, files and blocks, and the body-against-schema
// rules. A .tf.json body is first split into attributes and blocks with the
// schema's help (BodyView), so both syntaxes go through the same rules.
#include "terraform/schema_check.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "config/suggest.hpp"
#include "terraform/hcl_parser.hpp"
#include "terraform/literal_types.hpp"
#include "terraform/module_call_check.hpp"
#include "terraform/tf_json_reader.hpp"

namespace stackctl::terraform {
namespace {

namespace fs = std::filesystem;
using config::path_join;

enum class Level { resource, data, nested };

bool is_meta_attribute(Level level, const std::string& name) {
  if (level == Level::nested) return false;
  return name == "count" || name == "for_each" || name == "provider" || name == "depends_on";
}

bool is_meta_block(Level level, const std::string& name) {
  if (level == Level::nested) return false;
  if (name == "lifecycle") return true;
  return level == Level::resource && (name == "connection" || name == "provisioner");
}

struct BlockUse {
  std::string name;
  std::string label;  // map nesting key
  config::Mark mark;
  Body body;
  bool dynamic = false;
};

// The attributes and blocks of a body, whichever syntax it was written in.
struct BodyView {
  std::vector<const Attribute*> attributes;
  std::vector<BlockUse> blocks;
  std::set<std::string> uncountable;  // block types written dynamically or as expressions
};

class Checker {
 public:
  Checker(const ProviderSchema& schema, config::Diagnostics& diags, CheckStats& stats)
      : schema_(schema), diags_(diags), stats_(stats) {}

  // Checks a directory once; returns what it declares (nullptr when it is
  // not a directory).
  const ModuleInterface* directory(const fs::path& dir) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(dir, ec);
    auto [visited, first] = interfaces_.try_emplace(key.string());
    ModuleInterface& iface = visited->second;
    if (!first) return reading_.count(&iface) ? nullptr : &iface;  // a module calling itself: not checked
    if (!fs::is_directory(dir, ec)) {
      diags_.error(config::make_mark(dir.string()), "", "not a directory of Terraform files");
      iface.complete = false;
      return nullptr;
    }
    ++stats_.modules;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && (name.ends_with(".tf") || name.ends_with(".tf.json")))
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    Scope scope;
    reading_.insert(&iface);
    for (const auto& f : files) file(f, dir, iface, scope);
    reading_.erase(&iface);
    if (iface.complete) check_module_references(scope.references, scope.calls, diags_);  // else calls may be missing
    return &iface;
  }

 private:
  const ProviderSchema& schema_;
  config::Diagnostics& diags_;
  CheckStats& stats_;
  std::map<std::string, ModuleInterface> interfaces_;  // by canonical directory: each is checked once
  std::set<const ModuleInterface*> reading_;           // directories whose files are being read

  // One module directory's calls and module.NAME.OUTPUT references, checked
  // once all its files are read.
  struct Scope {
    ModuleCalls calls;
    std::vector<ModuleReference> references;
  };

  void file(const fs::path& path, const fs::path& dir, ModuleInterface& iface, Scope& scope) {
    std::string shown = path.lexically_normal().string();
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ++stats_.files;
    Body body;
    try {
      body = shown.ends_with(".json") ? parse_tf_json(text, shown) : parse_hcl(text, shown);
    } catch (const config::InvalidInput& e) {
      for (const auto& d : e.diagnostics()) diags_.error(d.mark, d.path, d.message);
      iface.complete = false;
      return;
    }
    collect_interface(body, iface);
    collect_module_references(body, scope.references);
    for (const auto& b : body.blocks) top_block(b, dir, scope);
  }

  void top_block(const Block& b, const fs::path& dir, Scope& scope) {
    if (b.type == "module" && b.labels.size() == 1) return module_call(b, dir, scope);
    if ((b.type != "resource" && b.type != "data") || b.labels.size() != 2) return;
    bool data = b.type == "data";
    const std::string& type = b.labels[0];
    std::string path = b.type + "." + type + "." + b.labels[1];
    if (!schema_.covers(type)) {
      ++stats_.skipped[data ? "data." + type : type];
      return;
    }
    const BlockSchema* s = data ? schema_.data_source(type) : schema_.resource(type);
    if (!s) {
      auto names = data ? schema_.data_source_types() : schema_.resource_types();
      diags_.error(b.mark, path,
                   std::string("unknown ") + (data ? "data source" : "resource") + " type \"" + type + "\" in " +
                       schema_.describe() + config::did_you_mean(type, names));
      return;
    }
    ++(data ? stats_.data_sources : stats_.resources);
    body(b.body, *s, path, b.mark, data ? Level::data : Level::resource);
  }

  void module_call(const Block& b, const fs::path& dir, Scope& scope) {
    scope.calls.emplace(b.labels[0], nullptr);
    const Attribute* source = find_attribute(b.body, "source");
    if (!source || source->value.kind != ValueKind::string || !source->value.text_known) return;
    const std::string& s = source->value.text;
    if (!s.starts_with("./") && !s.starts_with("../")) return;  // registry and remote modules: not available offline
    fs::path target = (dir / s).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(target, ec)) {
      diags_.error(source->value.mark, "module." + b.labels[0] + ".source",
                   "module directory \"" + target.string() + "\" does not exist");
      return;
    }
    const ModuleInterface* callee = directory(target);
    scope.calls[b.labels[0]] = callee;
    if (callee && callee->complete) check_module_call(b, s, *callee, diags_);
  }

  // ---- bodies -----------------------------------------------------------------

  BodyView view(const Body& b, const BlockSchema& s, Level level, const std::string& path) {
    BodyView v;
    for (const auto& blk : b.blocks) {
      if (blk.type != "dynamic") {
        v.blocks.push_back(BlockUse{blk.type, blk.labels.empty() ? "" : blk.labels[0], blk.mark, blk.body, false});
        continue;
      }
      if (blk.labels.size() != 1) {
        diags_.error(blk.mark, path_join(path, "dynamic"),
                     "a dynamic block needs one label: the block type it generates");
        continue;
      }
      v.uncountable.insert(blk.labels[0]);
      auto content = std::find_if(blk.body.blocks.begin(), blk.body.blocks.end(),
                                  [](const Block& c) { return c.type == "content"; });
      Body generated = content != blk.body.blocks.end() ? content->body : Body{};
      v.blocks.push_back(BlockUse{blk.labels[0], "", blk.mark, std::move(generated), true});
    }
    for (const auto& a : b.attributes) {
      if (!b.json) {
        v.attributes.push_back(&a);
        continue;
      }
      if (is_meta_attribute(level, a.name) || is_meta_block(level, a.name)) continue;
      if (a.name == "dynamic") {
        json_dynamic(a, v);
      } else if (auto bt = s.block_types.find(a.name); bt != s.block_types.end()) {
        json_blocks(a, bt->second, v);
      } else {
        v.attributes.push_back(&a);
      }
    }
    return v;
  }

  // "dynamic": {"name": {"for_each": ..., "content": {...}}} (or arrays of those).
  void json_dynamic(const Attribute& a, BodyView& v) {
    if (a.value.kind != ValueKind::object) return;
    for (const auto& m : a.value.members) {
      v.uncountable.insert(m.name);
      auto add = [&](const Value& spec) {
        if (spec.kind != ValueKind::object) return;
        for (const auto& part : spec.members)
          if (part.name == "content" && part.value.kind == ValueKind::object)
            v.blocks.push_back(BlockUse{m.name, "", m.mark, json_body(part.value), true});
      };
      if (m.value.kind == ValueKind::tuple)
        for (const auto& item : m.value.items) add(item);
      else
        add(m.value);
    }
  }

  // A nested block in JSON: an object, an array of objects, or for map
  // nesting an object of label -> object.
  void json_blocks(const Attribute& a, const BlockTypeSchema& bt, BodyView& v) {
    const Value& val = a.value;
    auto one = [&](const Value& obj, const std::string& label, const config::Mark& mark) {
      if (obj.kind == ValueKind::object)
        v.blocks.push_back(BlockUse{a.name, label, mark, json_body(obj), false});
      else if (obj.kind != ValueKind::null)
        v.uncountable.insert(a.name);
    };
    if (val.kind == ValueKind::null) return;
    if (bt.nesting == Nesting::map && val.kind == ValueKind::object) {
      for (const auto& m : val.members) one(m.value, m.name, m.mark);
    } else if (val.kind == ValueKind::tuple) {
      for (const auto& item : val.items) one(item, "", item.mark);
    } else if (val.kind == ValueKind::object) {
      one(val, "", a.mark);
    } else {
      v.uncountable.insert(a.name);  // "${...}": cannot tell
    }
  }

  static std::vector<std::string> names(const BlockSchema& s, bool settable_only) {
    std::vector<std::string> out;
    for (const auto& [n, a] : s.attributes)
      if (!settable_only || a.settable()) out.push_back(n);
    for (const auto& [n, b] : s.block_types) out.push_back(n);
    return out;
  }

  void body(const Body& b, const BlockSchema& s, const std::string& path, const config::Mark& where, Level level) {
    BodyView v = view(b, s, level, path);
    std::set<std::string> present;
    for (const Attribute* a : v.attributes) {
      if (is_meta_attribute(level, a->name)) continue;
      present.insert(a->name);
      attribute(*a, s, path_join(path, a->name));
    }
    std::map<std::string, std::vector<const BlockUse*>> counts;
    for (const auto& use : v.blocks) {
      if (is_meta_block(level, use.name)) continue;
      std::string p = path_join(path, use.name);
      auto bt = s.block_types.find(use.name);
      if (bt == s.block_types.end()) {
        if (s.attributes.count(use.name))
          diags_.error(use.mark, p, "\"" + use.name + "\" is an attribute, not a block: write " + use.name + " = ...");
        else
          diags_.error(use.mark, p,
                       "unknown block type \"" + use.name + "\"" + config::did_you_mean(use.name, names(s, true)));
        continue;
      }
      counts[use.name].push_back(&use);
      if (bt->second.nesting == Nesting::map && !use.label.empty()) p = path_join(p, use.label);
      body(use.body, *bt->second.block, p, use.mark, Level::nested);
    }
    for (const auto& [name, a] : s.attributes)
      if (a.required && !present.count(name)) diags_.error(where, path, "missing required attribute \"" + name + "\"");
    for (const auto& [name, bt] : s.block_types) {
      if (v.uncountable.count(name)) continue;
      auto it = counts.find(name);
      long n = it == counts.end() ? 0 : static_cast<long>(it->second.size());
      long max = bt.max_items;
      if (max == 0 && (bt.nesting == Nesting::single || bt.nesting == Nesting::group)) max = 1;
      if (n < bt.min_items) {
        std::string need = bt.min_items == 1
                               ? "a \"" + name + "\" block is required"
                               : "at least " + std::to_string(bt.min_items) + " \"" + name + "\" blocks are required";
        diags_.error(where, path, need + ", found " + std::to_string(n));
      } else if (max > 0 && n > max) {
        const BlockUse* extra = it->second[static_cast<size_t>(max)];
        diags_.error(extra->mark, path_join(path, name),
                     "at most " + std::to_string(max) + " \"" + name + "\" block" + (max == 1 ? " is" : "s are") +
                         " allowed, found " + std::to_string(n));
      }
    }
  }

  void attribute(const Attribute& a, const BlockSchema& s, const std::string& path) {
    ++stats_.attributes;
    auto it = s.attributes.find(a.name);
    if (it == s.attributes.end()) {
      if (s.block_types.count(a.name))
        diags_.error(a.mark, path, "\"" + a.name + "\" is a block, not an attribute: write " + a.name + " { ... }");
      else
        diags_.error(a.mark, path,
                     "unknown attribute \"" + a.name + "\"" + config::did_you_mean(a.name, names(s, true)));
      return;
    }
    const AttributeSchema& as = it->second;
    if (!as.settable()) {
      diags_.error(a.mark, path, "\"" + a.name + "\" is computed by the provider and cannot be set");
      return;
    }
    if (check_literal_type(a.value, as.type, path, diags_) > 0 || !as.nested) return;
    // nested_type: each object literal is a body of the nested attributes.
    auto object = [&](const Value& obj, const std::string& p) {
      if (obj.kind != ValueKind::object) return;
      Body nested;
      nested.attributes = obj.members;
      body(nested, *as.nested, p, obj.mark, Level::nested);
    };
    if (as.nested_mode == "single") {
      object(a.value, path);
    } else if (a.value.kind == ValueKind::tuple) {
      for (size_t i = 0; i < a.value.items.size(); ++i) object(a.value.items[i], config::path_index(path, i));
    } else if (as.nested_mode == "map" && a.value.kind == ValueKind::object) {
      for (const auto& m : a.value.members) object(m.value, path_join(path, m.name));
    }
  }
};

}  // namespace

void check_terraform_dir(const std::string& dir, const ProviderSchema& schema, config::Diagnostics& diags,
                         CheckStats& stats) {
  Checker(schema, diags, stats).directory(dir);
}

}  // namespace stackctl::terraform
