#include "config/merge.hpp"

namespace stackctl::config {
namespace {

const Node* name_of(const Node& item) {
  if (!item.is_map()) return nullptr;
  const Node* n = item.find("name");
  return n && n->is_scalar() ? n : nullptr;
}

bool is_named_list(const Node& list) {
  if (!list.is_list() || list.items().empty()) return false;
  for (const auto& item : list.items())
    if (!name_of(item)) return false;
  return true;
}

void merge_named_lists(Node& base, const Node& overlay) {
  for (const auto& item : overlay.items()) {
    const std::string& name = name_of(item)->text();
    Node* match = nullptr;
    for (auto& existing : base.items())
      if (name_of(existing)->text() == name) match = &existing;
    if (match)
      deep_merge(*match, item);
    else
      base.items().push_back(item);
  }
  base.set_mark(overlay.mark());
}

}  // namespace

void deep_merge(Node& base, const Node& overlay) {
  if (base.is_map() && overlay.is_map()) {
    for (const auto& e : overlay.entries()) {
      if (is_plain_null(*e.value)) {
        base.erase(e.key);
        continue;
      }
      if (Node* existing = base.find(e.key))
        deep_merge(*existing, *e.value);
      else
        base.set(e.key, *e.value, e.key_mark);
    }
    return;
  }
  if (is_named_list(base) && is_named_list(overlay)) {
    merge_named_lists(base, overlay);
    return;
  }
  base = overlay;
}

}  // namespace stackctl::config
