// Deep merge of configuration trees. The rules (also in docs/configuration.md):
//  - maps merge key by key, recursively;
//  - a scalar, or a value of a different type, replaces what was there;
//  - lists replace the earlier list, except lists whose items are all maps
//    with a `name` key: those merge item by item on `name` (earlier order
//    kept, new names appended);
//  - an explicit `null` removes the key.
#pragma once

#include "config/node.hpp"

namespace stackctl::config {

/// Merges `overlay` into `base` in place; `overlay` wins.
void deep_merge(Node& base, const Node& overlay);

}  // namespace stackctl::config
