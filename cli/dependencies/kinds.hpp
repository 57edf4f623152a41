// One function per dependency kind (one file each), assembled by describe().
#pragma once

#include "dependencies/catalog.hpp"

namespace stackctl::dependencies {

Server postgres(const model::Dependency& d);
Server mysql(const model::Dependency& d);
Server redis(const model::Dependency& d);
Server redis_cluster(const model::Dependency& d);
Server activemq(const model::Dependency& d);

/// The redis.conf lines every redis node gets, as printf arguments, and the
/// shell that feeds them (plus the password lines) to `redis-server -`.
std::string redis_server_script(const model::Dependency& d, const std::vector<std::string>& extra_lines);
/// `redis-cli` against the local node, authenticated from the password file.
std::string redis_cli(const model::Dependency& d);

}  // namespace stackctl::dependencies
