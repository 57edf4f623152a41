#include <stdexcept>

#include "dependencies/kinds.hpp"

namespace stackctl::dependencies {

std::string secret_path(const SecretFile& f) { return std::string(secrets_dir) + "/" + f.file; }

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

SecretFile password_file(const model::Dependency& d) { return {d.password_secret, d.password_secret}; }

std::string password_from_file(const model::Dependency& d, const std::string& variable) {
  if (d.password_secret.empty()) return "";
  return variable + "=\"$(cat " + shell_quote(secret_path(password_file(d))) + ")\"; export " + variable + "; ";
}

Server describe(const model::Dependency& d) {
  Server s;
  switch (d.kind) {
    case model::DependencyKind::postgres:
      s = postgres(d);
      break;
    case model::DependencyKind::mysql:
      s = mysql(d);
      break;
    case model::DependencyKind::redis:
      s = d.cluster ? redis_cluster(d) : redis(d);
      break;
    case model::DependencyKind::activemq:
      s = activemq(d);
      break;
    case model::DependencyKind::lmdb_volume:
      throw std::logic_error("an lmdb volume has no server");
  }
  s.image = d.image_reference();
  s.component = model::to_string(d.kind);
  s.port = d.port;
  if (!d.password_secret.empty()) s.secrets.insert(s.secrets.begin(), password_file(d));
  if (s.liveness.empty()) s.liveness = s.readiness;
  // The official images replicate nothing by themselves: more replicas of a
  // single-primary kind would be separate, diverging servers behind one name,
  // so high_availability needs managed placement (or a redis cluster).
  return s;
}

}  // namespace stackctl::dependencies
