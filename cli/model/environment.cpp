#include "model/environment.hpp"

namespace stackctl::model {

const char* to_string(TargetKind k) {
  switch (k) {
    case TargetKind::docker:
      return "docker";
    case TargetKind::gcp:
      return "gcp";
    case TargetKind::aws:
      return "aws";
    case TargetKind::kubernetes:
      return "kubernetes";
  }
  return "?";
}

const char* to_string(StateBackend b) {
  switch (b) {
    case StateBackend::gcs:
      return "gcs";
    case StateBackend::s3:
      return "s3";
    case StateBackend::local:
      return "local";
  }
  return "?";
}

const char* to_string(SecretStore s) {
  switch (s) {
    case SecretStore::kubernetes:
      return "kubernetes";
    case SecretStore::gcp_secret_manager:
      return "gcp-secret-manager";
    case SecretStore::aws_secrets_manager:
      return "aws-secrets-manager";
  }
  return "?";
}

const char* to_string(Tier t) {
  switch (t) {
    case Tier::micro:
      return "micro";
    case Tier::small:
      return "small";
    case Tier::medium:
      return "medium";
    case Tier::large:
      return "large";
  }
  return "?";
}

const char* to_string(DependencyKind k) {
  switch (k) {
    case DependencyKind::postgres:
      return "postgres";
    case DependencyKind::mysql:
      return "mysql";
    case DependencyKind::redis:
      return "redis";
    case DependencyKind::activemq:
      return "activemq";
    case DependencyKind::lmdb_volume:
      return "lmdb-volume";
  }
  return "?";
}

const char* to_string(Placement p) {
  switch (p) {
    case Placement::managed:
      return "managed";
    case Placement::cluster:
      return "cluster";
    case Placement::container:
      return "container";
  }
  return "?";
}

bool EnvValue::is_literal() const {
  for (const auto& p : parts)
    if (p.ref) return false;
  return true;
}

std::string EnvValue::literal() const {
  std::string s;
  for (const auto& p : parts) s += p.text;
  return s;
}

const Service* Environment::find_service(const std::string& n) const {
  for (const auto& s : services)
    if (s.name == n) return &s;
  return nullptr;
}

const Dependency* Environment::find_dependency(const std::string& n) const {
  for (const auto& d : dependencies)
    if (d.name == n) return &d;
  return nullptr;
}

std::string Dependency::image_reference() const {
  if (!image.empty()) return image;
  std::string repository;
  switch (kind) {
    case DependencyKind::postgres:
      repository = "postgres";
      break;
    case DependencyKind::mysql:
      repository = "mysql";
      break;
    case DependencyKind::redis:
      repository = "redis";
      break;
    case DependencyKind::activemq:
      repository = "apache/activemq-classic";
      break;
    case DependencyKind::lmdb_volume:
      return "";
  }
  return version.empty() ? repository : repository + ":" + version;
}

std::string Environment::instance_name() const { return copy ? name + "-" + copy->name : name; }

}  // namespace stackctl::model
