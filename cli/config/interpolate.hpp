// `${...}` placeholders in configuration values. Names are dotted
// (`var.region`, `env.namespace`, `service.name`); `$${` writes a literal
// `${`. A placeholder that is the whole, unquoted scalar takes the value's type (so
// `replicas: ${var.replicas}` stays an integer); inside a longer string the
// value is inserted as text. Deploy-time references (`${secret:NAME}`,
// `${dep.NAME.FIELD}`) are not resolved here: they are only allowed in env
// values, which parse them into model::EnvValue parts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/node.hpp"

namespace stackctl::config {

class InterpolationScope {
 public:
  void set(const std::string& name, Node value) { values_.insert_or_assign(name, std::move(value)); }
  void set_text(const std::string& name, const std::string& text);
  /// Adds every scalar below `tree` as `prefix.key.subkey`.
  void set_tree(const std::string& prefix, const Node& tree);
  const Node* find(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, Node> values_;
};

/// One piece of a string with placeholders.
struct Segment {
  enum class Kind { text, placeholder };
  Kind kind = Kind::text;
  std::string text;  // literal text, or the placeholder's name ("var.x", "secret:db")
};

/// Splits `text` into literal text and placeholders; `$${` becomes a literal
/// `${`. Returns false and reports on an unterminated or empty placeholder.
bool split_placeholders(const std::string& text, std::vector<Segment>& out, const Mark& mark, const std::string& path,
                        Diagnostics& diags);

/// True for `secret:NAME` and `dep.NAME.FIELD`, resolved at deploy time.
bool is_deploy_time_reference(const std::string& name);

/// Resolves placeholders in every string scalar below `node`, in place.
/// Subtrees whose key path is in `skip` (e.g. env maps, which keep their
/// deploy-time references) are left alone.
void interpolate(Node& node, const InterpolationScope& scope, const std::string& path, Diagnostics& diags,
                 const std::vector<std::string>& skip_keys = {});

/// "unknown variable" message with a did-you-mean from the scope's names.
std::string unknown_placeholder_message(const std::string& name, const InterpolationScope& scope);

}  // namespace stackctl::config
