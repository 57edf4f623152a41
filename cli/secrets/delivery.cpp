#include "secrets/delivery.hpp"

#include "model/secret_names.hpp"

namespace stackctl::secrets {

Values process_environment(const Values& values) {
  Values out;
  for (const auto& [name, value] : values) out[model::environment_variable_name(name)] = value;
  return out;
}

Values terraform_environment(const Values& values) {
  Values out;
  for (const auto& [name, value] : values) out["TF_VAR_" + model::terraform_variable_name(name)] = value;
  return out;
}

}  // namespace stackctl::secrets
