# Shared by the stand-in images' entrypoints (sourced, not run).

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by $VAR_FILE,
# as the official images do for passwords.
file_env() {
  local var=$1 file_var="${1}_FILE" def="${2:-}" val
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo "error: both $var and $file_var are set (but are exclusive)" >&2
    exit 1
  fi
  val=$def
  if [ -n "${!var:-}" ]; then
    val="${!var}"
  elif [ -n "${!file_var:-}" ]; then
    val="$(<"${!file_var}")"
  fi
  export "$var"="$val"
  unset "$file_var"
}

# asks_for_help SERVER_FLAG ARGS...: whether ARGS only ask the server for
# help or its version (SERVER_FLAG: the server's own such flag), in which
# case the entrypoint initialises nothing.
asks_for_help() {
  local extra=$1 arg
  shift
  for arg; do
    case "$arg" in -'?' | --help | -V | --version | "$extra") return 0 ;; esac
  done
  return 1
}
