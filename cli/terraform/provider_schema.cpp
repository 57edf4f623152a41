// Loading the provider schema JSON and converting a type's part of it.
#include "terraform/provider_schema.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "config/diagnostics.hpp"

namespace stackctl::terraform {

using nlohmann::json;

std::string TypeConstraint::to_string() const {
  switch (kind) {
    case Kind::string:
      return "string";
    case Kind::number:
      return "number";
    case Kind::boolean:
      return "bool";
    case Kind::dynamic:
      return "any";
    case Kind::list:
      return "list(" + elements.at(0).to_string() + ")";
    case Kind::set:
      return "set(" + elements.at(0).to_string() + ")";
    case Kind::map:
      return "map(" + elements.at(0).to_string() + ")";
    case Kind::object:
      return "object({...})";
    case Kind::tuple:
      return "tuple([...])";
  }
  return "any";
}

TypeConstraint parse_type_constraint(const json& j) {
  TypeConstraint t;
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s == "string")
      t.kind = TypeConstraint::Kind::string;
    else if (s == "number")
      t.kind = TypeConstraint::Kind::number;
    else if (s == "bool")
      t.kind = TypeConstraint::Kind::boolean;
    return t;  // "dynamic" and anything new: any
  }
  if (!j.is_array() || j.size() != 2 || !j[0].is_string()) return t;
  const auto& k = j[0].get_ref<const std::string&>();
  if (k == "list" || k == "set" || k == "map") {
    t.kind = k == "list"  ? TypeConstraint::Kind::list
             : k == "set" ? TypeConstraint::Kind::set
                          : TypeConstraint::Kind::map;
    t.elements.push_back(parse_type_constraint(j[1]));
  } else if (k == "object" && j[1].is_object()) {
    t.kind = TypeConstraint::Kind::object;
    for (const auto& [name, sub] : j[1].items()) t.attributes.emplace(name, parse_type_constraint(sub));
  } else if (k == "tuple" && j[1].is_array()) {
    t.kind = TypeConstraint::Kind::tuple;
    for (const auto& sub : j[1]) t.elements.push_back(parse_type_constraint(sub));
  }
  return t;
}

namespace {

bool flag(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

long count(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<long>() : 0;
}

AttributeSchema parse_attribute(const json& j) {
  AttributeSchema a;
  a.required = flag(j, "required");
  a.optional = flag(j, "optional");
  a.computed = flag(j, "computed");
  a.write_only = flag(j, "write_only");
  a.deprecated = flag(j, "deprecated");
  if (auto t = j.find("type"); t != j.end()) a.type = parse_type_constraint(*t);
  if (auto n = j.find("nested_type"); n != j.end() && n->is_object()) {
    auto nested = std::make_shared<BlockSchema>();
    TypeConstraint object;
    object.kind = TypeConstraint::Kind::object;
    if (auto attrs = n->find("attributes"); attrs != n->end() && attrs->is_object())
      for (const auto& [name, sub] : attrs->items()) {
        auto parsed = parse_attribute(sub);
        object.attributes.emplace(name, parsed.type);
        nested->attributes.emplace(name, std::move(parsed));
      }
    a.nested = nested;
    a.nested_mode = n->value("nesting_mode", "single");
    if (a.nested_mode == "single") {
      a.type = std::move(object);
    } else {
      a.type = TypeConstraint{};
      a.type.kind = a.nested_mode == "map"   ? TypeConstraint::Kind::map
                    : a.nested_mode == "set" ? TypeConstraint::Kind::set
                                             : TypeConstraint::Kind::list;
      a.type.elements.push_back(std::move(object));
    }
  }
  return a;
}

Nesting parse_nesting(const std::string& s) {
  if (s == "single") return Nesting::single;
  if (s == "group") return Nesting::group;
  if (s == "set") return Nesting::set;
  if (s == "map") return Nesting::map;
  return Nesting::list;
}

}  // namespace

BlockSchema parse_block_schema(const json& block) {
  BlockSchema b;
  if (auto attrs = block.find("attributes"); attrs != block.end() && attrs->is_object())
    for (const auto& [name, a] : attrs->items()) b.attributes.emplace(name, parse_attribute(a));
  if (auto types = block.find("block_types"); types != block.end() && types->is_object())
    for (const auto& [name, t] : types->items()) {
      BlockTypeSchema bt;
      bt.nesting = parse_nesting(t.value("nesting_mode", "list"));
      bt.min_items = count(t, "min_items");
      bt.max_items = count(t, "max_items");
      auto inner = t.find("block");
      bt.block = std::make_shared<BlockSchema>(inner != t.end() ? parse_block_schema(*inner) : BlockSchema{});
      b.block_types.emplace(name, std::move(bt));
    }
  return b;
}

std::string ProviderSchema::describe() const {
  std::string names;
  for (const auto& p : providers_) names += (names.empty() ? "" : ", ") + p;
  return names + (version_.empty() ? " (version unknown)" : " " + version_);
}

bool ProviderSchema::covers(const std::string& type) const {
  return prefixes_.count(type.substr(0, type.find('_'))) > 0;
}

const BlockSchema* ProviderSchema::lookup(const std::unordered_map<std::string, Entry>& in,
                                          const std::string& type) const {
  auto it = in.find(type);
  if (it == in.end()) return nullptr;
  const Entry& e = it->second;
  if (!e.converted) {
    auto block = e.json->find("block");
    e.converted =
        std::make_shared<const BlockSchema>(block != e.json->end() ? parse_block_schema(*block) : BlockSchema{});
  }
  return e.converted.get();
}

const BlockSchema* ProviderSchema::resource(const std::string& type) const { return lookup(resources_, type); }
const BlockSchema* ProviderSchema::data_source(const std::string& type) const { return lookup(data_sources_, type); }

static std::vector<std::string> keys(const auto& map) {
  std::vector<std::string> out;
  out.reserve(map.size());
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}
std::vector<std::string> ProviderSchema::resource_types() const { return keys(resources_); }
std::vector<std::string> ProviderSchema::data_source_types() const { return keys(data_sources_); }

ProviderSchema ProviderSchema::from_json(json doc, const std::string& file) {
  const char* expected = "expected the output of `terraform providers schema -json`";
  if (!doc.is_object() || !doc.contains("provider_schemas") || !doc["provider_schemas"].is_object())
    throw std::invalid_argument(std::string("no \"provider_schemas\" object; ") + expected);
  ProviderSchema s;
  s.file_ = file;
  if (auto fv = doc.find("format_version"); fv != doc.end() && fv->is_string())
    s.format_version_ = fv->get<std::string>();
  s.doc_ = std::make_shared<const json>(std::move(doc));
  const json& providers = (*s.doc_)["provider_schemas"];
  if (providers.empty()) throw std::invalid_argument(std::string("\"provider_schemas\" is empty; ") + expected);
  for (const auto& [address, p] : providers.items()) {
    if (!p.is_object()) throw std::invalid_argument("provider_schemas." + address + " is not an object");
    s.providers_.push_back(address);
    auto local = address.substr(address.rfind('/') + 1);
    s.prefixes_.insert(local.substr(0, local.find('-')));  // google-beta's types are google_*
    for (const auto& [section, target] :
         {std::pair{"resource_schemas", &s.resources_}, std::pair{"data_source_schemas", &s.data_sources_}}) {
      auto it = p.find(section);
      if (it == p.end()) continue;
      if (!it->is_object())
        throw std::invalid_argument("provider_schemas." + address + "." + section + " is not an object");
      for (const auto& [type, schema] : it->items()) {
        if (!schema.is_object())
          throw std::invalid_argument(address + ": " + section + "." + type + " is not an object");
        (*target)[type] = Entry{&schema, nullptr};
        s.prefixes_.insert(type.substr(0, type.find('_')));
      }
    }
  }
  static const std::regex versioned(R"(-v?([0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z.+-]*)\.json$)");
  std::smatch m;
  std::string base = file.substr(file.rfind('/') + 1);
  if (std::regex_search(base, m, versioned)) s.version_ = m[1];
  return s;
}

ProviderSchema load_provider_schema(const std::string& path) {
  auto fail = [&](const std::string& why) -> ProviderSchema {
    throw config::InvalidInput({config::Diagnostic{config::make_mark(path), "", "not a provider schema: " + why}});
  };
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw config::InvalidInput(
        {config::Diagnostic{config::make_mark(path), "", "cannot read the provider schema file"}});
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("not valid JSON; expected the output of `terraform providers schema -json`");
  text = std::string();
  try {
    return ProviderSchema::from_json(std::move(doc), path);
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
}

}  // namespace stackctl::terraform
