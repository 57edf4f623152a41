# Sourced by tests that run stackctl on a throwaway copy of this project.
#
# project_copy REPO DIR: copies REPO's environments/, services/ and
# templates/ (and terraform/) to DIR/project (without any secrets file) and links DIR/shared
# to REPO's ../shared, so paths like ../shared/data/rates.sql
# (environments/base.yaml) still resolve.
project_copy() {
  local repo=$1 dir=$2
  mkdir -p "$dir/project"
  cp -r "$repo/environments" "$repo/services" "$repo/templates" "$dir/project/"
  [ ! -d "$repo/terraform" ] || cp -r "$repo/terraform" "$dir/project/"
  rm -f "$dir/project/environments/"*.secrets.yaml
  [ ! -d "$repo/../shared" ] || ln -s "$(readlink -f "$repo/../shared")" "$dir/shared"
}

# isolated_secrets_home DIR: a HOME of its own and no age key from the
# caller's environment, so the test's keys are the only ones.
isolated_secrets_home() {
  mkdir -p "$1"
  export HOME=$1 XDG_CONFIG_HOME= STACKCTL_AGE_KEY= STACKCTL_AGE_KEY_FILE=
}
