# Sourced by the Docker script tests: `docker` is the docker CLI, through
# sudo when this user cannot use the Engine's socket. (Tests may use the CLI
# to look at what stackctl did; stackctl itself never does.)
docker_cmd=(docker)
if [ "$(id -u)" -ne 0 ] && ! [ -w /var/run/docker.sock ]; then docker_cmd=(sudo docker); fi
docker() { command "${docker_cmd[@]}" "$@"; }
