// Literal kind against type constraint, recursively through tuples and objects.
#include "terraform/literal_types.hpp"

#include <cstdlib>

namespace stackctl::terraform {
namespace {

using Kind = TypeConstraint::Kind;

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

std::string describe(const Value& v) {
  switch (v.kind) {
    case ValueKind::string: {
      if (!v.text_known) return "a string template";
      std::string t = v.text.size() > 40 ? v.text.substr(0, 37) + "..." : v.text;
      return "the string \"" + t + "\"";
    }
    case ValueKind::number:
      return "the number " + v.text;
    case ValueKind::boolean:
      return "the bool " + v.text;
    case ValueKind::tuple:
      return "a tuple [...]";
    case ValueKind::object:
      return "an object {...}";
    default:
      return kind_name(v.kind);
  }
}

}  // namespace

size_t check_literal_type(const Value& v, const TypeConstraint& t, const std::string& path,
                          config::Diagnostics& diags) {
  if (v.kind == ValueKind::unknown || v.kind == ValueKind::null || t.kind == Kind::dynamic) return 0;
  bool ok = false;
  size_t found = 0;
  switch (t.kind) {
    case Kind::string:
      ok = v.kind == ValueKind::string || v.kind == ValueKind::number || v.kind == ValueKind::boolean;
      break;
    case Kind::number:
      ok = v.kind == ValueKind::number || (v.kind == ValueKind::string && (!v.text_known || is_number(v.text)));
      break;
    case Kind::boolean:
      ok = v.kind == ValueKind::boolean ||
           (v.kind == ValueKind::string && (!v.text_known || v.text == "true" || v.text == "false"));
      break;
    case Kind::list:
    case Kind::set:
      ok = v.kind == ValueKind::tuple;
      if (ok)
        for (size_t i = 0; i < v.items.size(); ++i)
          found += check_literal_type(v.items[i], t.elements.at(0), config::path_index(path, i), diags);
      break;
    case Kind::tuple:
      ok = v.kind == ValueKind::tuple;
      if (ok && v.items.size() == t.elements.size())
        for (size_t i = 0; i < v.items.size(); ++i)
          found += check_literal_type(v.items[i], t.elements[i], config::path_index(path, i), diags);
      break;
    case Kind::map:
      ok = v.kind == ValueKind::object;
      if (ok)
        for (const auto& m : v.members)
          found += check_literal_type(m.value, t.elements.at(0), config::path_join(path, m.name), diags);
      break;
    case Kind::object:
      ok = v.kind == ValueKind::object;
      if (ok)
        for (const auto& m : v.members)
          if (auto it = t.attributes.find(m.name); it != t.attributes.end())
            found += check_literal_type(m.value, it->second, config::path_join(path, m.name), diags);
      break;
    case Kind::dynamic:
      ok = true;
      break;
  }
  if (ok) return found;
  diags.error(v.mark, path, "expected " + t.to_string() + ", got " + describe(v));
  return found + 1;
}

}  // namespace stackctl::terraform
