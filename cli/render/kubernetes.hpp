// Turns an Environment into its Kubernetes manifests, built as data: the
// namespace and its default-deny policies, each service's workload objects and
// each in-cluster dependency. Pure (no I/O) and byte-for-byte deterministic.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dependencies/catalog.hpp"
#include "model/environment.hpp"
#include "render/document.hpp"

namespace stackctl::render {

/// Every manifest of `env`, sorted by path. `images` maps a service name to
/// the image to deploy; a service's own `image` wins over it, and a service
/// found in neither deploys "<service>:unbuilt".
std::vector<Document> render_kubernetes(const model::Environment& env,
                                        const std::map<std::string, std::string>& images);

// The building blocks below are what render_kubernetes assembles; each
// returns one object (or part of one) and is exposed for the tests.

// kubernetes_metadata.cpp: names, labels, the namespace.
nlohmann::json kubernetes_labels(const model::Environment& env, const std::string& name, const std::string& component);
/// The labels a selector uses: app.kubernetes.io/name and /instance only.
nlohmann::json kubernetes_selector(const model::Environment& env, const std::string& name);
nlohmann::json kubernetes_object(const char* api_version, const char* kind, const model::Environment& env,
                                 const std::string& name, const std::string& component);
nlohmann::json kubernetes_namespace(const model::Environment& env);
/// FNV-1a (64 bit, hex) of a ConfigMap's data, so a config change rolls pods.
std::string kubernetes_config_hash(const nlohmann::json& data);

// kubernetes_env.cpp: environment variables and references.
struct ContainerEnv {
  nlohmann::json config_data = nlohmann::json::object();  // literal values: the ConfigMap
  nlohmann::json env = nlohmann::json::array();           // values holding references
};
ContainerEnv kubernetes_container_env(const model::Environment& env, const model::Service& service);

// kubernetes_pod.cpp: hardening, probes, resources shared by all pods.
nlohmann::json kubernetes_pod_security(int uid);
nlohmann::json kubernetes_container_security(bool read_only_root);
nlohmann::json kubernetes_probe(const model::Probe& probe, const model::Service& service);
nlohmann::json kubernetes_tcp_probe(const std::string& port_name, int initial_delay_seconds);
/// Requests and limits, leaving out empty quantities (null when all are empty).
nlohmann::json kubernetes_resources(const model::Resources& resources);
nlohmann::json kubernetes_tier_resources(model::Tier tier);

// kubernetes_workload.cpp: the objects every service gets.
nlohmann::json kubernetes_service_account(const model::Environment& env, const model::Service& s);
nlohmann::json kubernetes_config_map(const model::Environment& env, const model::Service& s);
nlohmann::json kubernetes_deployment(const model::Environment& env, const model::Service& s, const std::string& image);
nlohmann::json kubernetes_service(const model::Environment& env, const model::Service& s);

// kubernetes_scaling.cpp
/// autoscale.min when autoscaling, else replicas.
int kubernetes_minimum_replicas(const model::Service& s);
nlohmann::json kubernetes_autoscaler(const model::Environment& env, const model::Service& s);
nlohmann::json kubernetes_disruption_budget(const model::Environment& env, const model::Service& s);

// kubernetes_network.cpp
nlohmann::json kubernetes_default_deny(const model::Environment& env);
nlohmann::json kubernetes_allow_dns(const model::Environment& env);
nlohmann::json kubernetes_service_network_policy(const model::Environment& env, const model::Service& s);
nlohmann::json kubernetes_dependency_network_policy(const model::Environment& env, const model::Dependency& d);
/// The port name an exposed service is reached on; empty if it has none.
std::string kubernetes_exposed_port(const model::Service& s);
nlohmann::json kubernetes_ingress(const model::Environment& env, const model::Service& s);

// kubernetes_dependency.cpp: in-cluster dependencies.
nlohmann::json kubernetes_stateful_set(const model::Environment& env, const model::Dependency& d);
nlohmann::json kubernetes_headless_service(const model::Environment& env, const model::Dependency& d);
nlohmann::json kubernetes_volume_claim(const model::Environment& env, const model::Dependency& d);
/// Only for a dependency that reads secrets through the CSI driver: its pods need an identity.
nlohmann::json kubernetes_dependency_service_account(const model::Environment& env, const model::Dependency& d);

// kubernetes_secret_store.cpp: the aws-secrets-manager store through the Secrets Store CSI driver.
/// The CSIDriver the Secrets Store CSI driver registers.
inline constexpr const char* kSecretsStoreCsiDriver = "secrets-store.csi.k8s.io";
/// Whether the pods read secrets through the CSI driver: the
/// aws-secrets-manager store, not on a copy. Otherwise the deploy applies
/// the Secret `stackctl-secrets` itself.
bool kubernetes_secrets_through_csi(const model::Environment& env);
/// Through the CSI driver, and at least one secret used.
bool kubernetes_renders_secret_provider_class(const model::Environment& env);
/// The SecretProviderClass `stackctl-secrets`: every secret used, synced into the Secret `stackctl-secrets`.
nlohmann::json kubernetes_secret_provider_class(const model::Environment& env);
/// Through the CSI driver, and the service's env (the dependency's password) reads a secret.
bool kubernetes_reads_csi_secrets(const model::Environment& env, const model::Service& s);
bool kubernetes_reads_csi_secrets(const model::Environment& env, const model::Dependency& d);
/// Adds the CSI volume to a pod spec and mounts it read-only in each of its containers.
void kubernetes_mount_csi_secrets(nlohmann::json& pod_spec);
/// With a cloud store, not on a copy: the annotation binding a ServiceAccount to the environment's cloud identity.
void kubernetes_add_workload_identity(const model::Environment& env, nlohmann::json& service_account);

// kubernetes_dependency_pod.cpp: a dependency's pod spec from the dependency catalog.
nlohmann::json kubernetes_dependency_pod(const model::Environment& env, const model::Dependency& d);

}  // namespace stackctl::render
