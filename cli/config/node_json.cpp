#include "config/node_json.hpp"

namespace stackctl::config {

nlohmann::json to_json(const Node& node) {
  switch (node.type()) {
    case Node::Type::null:
      return nullptr;
    case Node::Type::scalar: {
      if (is_plain_null(node)) return nullptr;
      if (auto b = as_bool(node)) return *b;
      if (auto i = as_int(node)) return *i;
      if (auto d = as_number(node)) return *d;
      return node.text();
    }
    case Node::Type::list: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node.items()) out.push_back(to_json(item));
      return out;
    }
    case Node::Type::map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& e : node.entries()) out[e.key] = to_json(*e.value);
      return out;
    }
  }
  return nullptr;
}

}  // namespace stackctl::config
