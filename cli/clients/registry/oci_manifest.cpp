// OCI image manifest serialisation.
#include "clients/registry/oci_manifest.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "clients/registry/digest.hpp"

namespace stackctl::registry {
namespace {

nlohmann::json descriptor_json(const Descriptor& d) {
  if (!is_sha256_digest(d.digest)) throw std::invalid_argument("not a sha256 digest: '" + d.digest + "'");
  if (d.media_type.empty()) throw std::invalid_argument("descriptor without a media type: " + d.digest);
  return {{"mediaType", d.media_type}, {"digest", d.digest}, {"size", d.size}};
}

}  // namespace

std::string build_manifest(const Descriptor& config, const std::vector<Descriptor>& layers) {
  nlohmann::json j;  // std::map-backed: keys come out sorted
  j["schemaVersion"] = 2;
  j["mediaType"] = kOciManifestType;
  j["config"] = descriptor_json(config);
  j["layers"] = nlohmann::json::array();
  for (const auto& layer : layers) j["layers"].push_back(descriptor_json(layer));
  return j.dump();
}

}  // namespace stackctl::registry
