// What the target operations return, for the verbs' views to print (human or
// JSON). Plain data, the same shape for every kind of target; a field a kind
// has nothing for stays empty.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clients/plan_summary.hpp"

namespace stackctl::targets {

/// A published endpoint: "rates-api", "http", "http://127.0.0.1:3000".
struct Endpoint {
  std::string service, port_name, url;
};

/// What a deploy did to one component (container, workload).
struct Change {
  std::string key;     // "service/rates-api", "deployment/rates-api"
  std::string action;  // created, replaced, started, unchanged, removed, rolled out
  std::string container;
  double seconds = 0;
};

/// A reviewed Terraform plan of a cloud environment's infrastructure.
struct InfrastructurePlan {
  std::string environment;
  clients::PlanSummary summary;
  bool has_changes = false;
};

struct UpResult {
  std::string environment;  // the instance name
  int release = 0;          // the release now deployed (0: none recorded)
  bool recorded = false;    // a new release was recorded by this run
  bool changed = false;
  std::vector<Change> changes;
  std::vector<Endpoint> endpoints;
  std::optional<InfrastructurePlan> infrastructure;  // cloud targets
  std::map<std::string, std::string> outputs;        // cloud: "registry", "cluster"
  std::vector<std::string> workloads;                // Kubernetes workloads rolled out
  std::map<std::string, std::string> images;         // service -> image by digest (shipped)
  bool infrastructure_only = false;                  // --infra-only stopped after Terraform
};

struct DownResult {
  std::string environment;
  std::vector<std::string> removed;  // "3 containers", "1 network", "the workloads"
  std::vector<std::string> kept;     // what stays without --purge: "the volumes a, b", "the databases"
  bool destroyed = false;            // --purge on a cloud: everything, data included
};

struct PlanResult {
  InfrastructurePlan infrastructure;
  bool needs_allow_destroy = false;  // `up` refuses this plan unless --allow-destroy
};

struct ComponentStatus {
  std::string key;   // "service/rates-api"
  std::string role;  // dependency, seed, service, relay; "-" when not in the release
  std::string image, uptime = "-", note;
  int desired = 0, running = 0, ready = 0, restarts = 0;
  bool job = false;  // runs once (a seed): desired/ready do not apply
};

struct StatusReport {
  std::string environment;
  int release = 0;  // 0: no release recorded
  std::vector<ComponentStatus> components;
  bool ready() const;
};

}  // namespace stackctl::targets
