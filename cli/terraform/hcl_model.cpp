// Small helpers of the configuration model (hcl_model.hpp).
#include "terraform/hcl_model.hpp"

namespace stackctl::terraform {

const char* kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::string:
      return "string";
    case ValueKind::number:
      return "number";
    case ValueKind::boolean:
      return "bool";
    case ValueKind::null:
      return "null";
    case ValueKind::tuple:
      return "tuple";
    case ValueKind::object:
      return "object";
    case ValueKind::unknown:
      break;
  }
  return "expression";
}

const Attribute* find_attribute(const Body& body, const std::string& name) {
  for (const auto& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace stackctl::terraform
