// The provider schema of `terraform providers schema -json`: which resource
// and data source types exist and, for each, its attributes (type, required,
// optional, computed, write_only, nested_type) and nested block types
// (nesting mode, min_items, max_items). The document is parsed once; a type's
// schema is converted from it the first time it is asked for.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackctl::terraform {

/// A cty type constraint: "string", ["list", "string"], ["object", {...}], ...
struct TypeConstraint {
  enum class Kind { string, number, boolean, dynamic, list, set, map, object, tuple };
  Kind kind = Kind::dynamic;
  std::vector<TypeConstraint> elements;              // list, set, map: one; tuple: one per element
  std::map<std::string, TypeConstraint> attributes;  // object

  /// Terraform's spelling: "string", "list(string)", "map(number)", "object({...})".
  std::string to_string() const;
};

TypeConstraint parse_type_constraint(const nlohmann::json& j);

struct BlockSchema;

struct AttributeSchema {
  TypeConstraint type;  // for nested_type attributes: the object type (or a collection of it)
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool write_only = false;
  bool deprecated = false;
  /// Attributes with nested_type (protocol 6 providers): their object's schema.
  std::shared_ptr<const BlockSchema> nested;
  std::string nested_mode;  // "single", "list", "set", "map"

  bool settable() const { return required || optional; }
};

enum class Nesting { single, group, list, set, map };

struct BlockTypeSchema {
  Nesting nesting = Nesting::list;
  long min_items = 0;
  long max_items = 0;  // 0: no limit (single and group allow one)
  std::shared_ptr<const BlockSchema> block;
};

struct BlockSchema {
  std::map<std::string, AttributeSchema> attributes;
  std::map<std::string, BlockTypeSchema> block_types;
};

BlockSchema parse_block_schema(const nlohmann::json& block);

class ProviderSchema {
 public:
  /// The provider addresses in the file, e.g. "registry.terraform.io/hashicorp/google".
  const std::vector<std::string>& providers() const { return providers_; }
  /// The provider version, from a file name like google-6.50.0.json ("" when
  /// the file name does not say; the schema JSON itself never does).
  const std::string& version() const { return version_; }
  const std::string& format_version() const { return format_version_; }
  const std::string& file() const { return file_; }
  /// "registry.terraform.io/hashicorp/google 6.50.0", or "... (version unknown)".
  std::string describe() const;

  /// True when the type's name prefix ("google" of google_compute_network)
  /// is one of this schema's providers'; other types are not checked.
  bool covers(const std::string& type) const;
  const BlockSchema* resource(const std::string& type) const;
  const BlockSchema* data_source(const std::string& type) const;
  std::vector<std::string> resource_types() const;
  std::vector<std::string> data_source_types() const;

  /// From a parsed document; throws std::invalid_argument when it is not a
  /// provider schema. `file` names it in messages.
  static ProviderSchema from_json(nlohmann::json doc, const std::string& file);

 private:
  struct Entry {
    const nlohmann::json* json = nullptr;
    mutable std::shared_ptr<const BlockSchema> converted;
  };
  const BlockSchema* lookup(const std::unordered_map<std::string, Entry>& in, const std::string& type) const;

  std::shared_ptr<const nlohmann::json> doc_;
  std::vector<std::string> providers_;
  std::string version_, format_version_, file_;
  std::unordered_map<std::string, Entry> resources_, data_sources_;
  std::set<std::string> prefixes_;
};

/// Reads a `terraform providers schema -json` file. Throws
/// config::InvalidInput ("FILE: not a provider schema: ...") when it is not one.
ProviderSchema load_provider_schema(const std::string& path);

}  // namespace stackctl::terraform
