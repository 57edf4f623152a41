#include "config/decode.hpp"
#include "config/names.hpp"
#include "config/reader.hpp"

namespace stackctl::config {
namespace {

bool parse_reference(const std::string& name, const Mark& mark, const std::string& path, Diagnostics& diags,
                     model::Reference& out) {
  if (name.rfind("secret:", 0) == 0) {
    out.kind = model::Reference::Kind::secret;
    out.name = name.substr(7);
    if (!is_dns1123_label(out.name, 253)) {
      diags.error(mark, path, "secret name " + quote(out.name) + " " + dns1123_problem(out.name, 253));
      return false;
    }
    return true;
  }
  // dep.NAME.FIELD
  std::string rest = name.substr(4);
  size_t dot = rest.rfind('.');
  static const char* fields[] = {"host", "port", "database", "user"};
  out.kind = model::Reference::Kind::dependency;
  out.name = dot == std::string::npos ? rest : rest.substr(0, dot);
  out.field = dot == std::string::npos ? "" : rest.substr(dot + 1);
  for (const char* f : fields)
    if (out.field == f && !out.name.empty()) return true;
  diags.error(
      mark, path,
      "expected ${dep.NAME.FIELD} with FIELD one of host, port, database, user; got " + quote("${" + name + "}"));
  return false;
}

}  // namespace

model::EnvValue decode_env_value(const Node& node, const std::string& path, DecodeContext& ctx) {
  model::EnvValue value;
  if (!node.is_scalar()) {
    ctx.diags.error(node.mark(), path, "expected a string, got " + describe(node));
    return value;
  }
  std::vector<Segment> segments;
  if (!split_placeholders(node.text(), segments, node.mark(), path, ctx.diags)) return value;
  for (const auto& seg : segments) {
    if (seg.kind == Segment::Kind::text) {
      value.parts.push_back(model::ValuePart{seg.text, std::nullopt});
      continue;
    }
    if (is_deploy_time_reference(seg.text)) {
      model::Reference ref;
      if (parse_reference(seg.text, node.mark(), path, ctx.diags, ref))
        value.parts.push_back(model::ValuePart{"", ref});
      continue;
    }
    const Node* v = ctx.scope.find(seg.text);
    if (!v) {
      ctx.diags.error(node.mark(), path, unknown_placeholder_message(seg.text, ctx.scope));
      continue;
    }
    value.parts.push_back(model::ValuePart{v->text(), std::nullopt});
  }
  // Merge adjacent literal parts so a literal value is a single part.
  model::EnvValue merged;
  for (auto& p : value.parts) {
    if (!p.ref && !merged.parts.empty() && !merged.parts.back().ref)
      merged.parts.back().text += p.text;
    else
      merged.parts.push_back(std::move(p));
  }
  return merged;
}

}  // namespace stackctl::config
