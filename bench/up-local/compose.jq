# A docker-compose file (as JSON, which compose reads as YAML) equivalent to a
# stackctl docker plan (a release's manifests/docker/plan.json).
#
#   jq -f compose.jq \
#      --argjson images '{"sha256:...": "loopstock/inventory:abc", ...}' \
#      --argjson healthtests '{"sha256:...": ["CMD", "/usr/local/bin/inventory", "healthcheck"], ...}' \
#      --arg seedfile /abs/path/rates.sql --argjson port_offset 1000 plan.json
#
# The same images (an image id becomes its tag), environment, commands,
# network aliases, volumes, health checks, restart policies and stop timeouts.
# Differences, by necessity:
#   - the relay containers are left out; each service publishes its ports
#     itself, on 127.0.0.1 at the relay's host port + port_offset;
#   - the seed job is a one-shot service (NAME-seed) that bind-mounts the
#     seed file instead of having it copied in;
#   - ordering ("after") becomes depends_on: service_healthy for a
#     dependency or service, service_completed_successfully for a seed job;
#   - ${secret:NAME} becomes ${BENCH_SECRET_NAME} (upper case, '-' -> '_'),
#     filled from the --env-file; '$' elsewhere (commands, health checks) is
#     doubled so compose does not interpolate it;
#   - a service whose health check only changes the timings (empty test, the
#     image's HEALTHCHECK) gets the image's own test written out;
#   - a service's image is ${BENCH_IMAGE_NAME:-tag}, so the one-service
#     change scenario can swap in a newly built image.

def esc: gsub("\\$"; "$$");
def secret_var: "BENCH_SECRET_" + (ascii_upcase | gsub("-"; "_"));
def env_value: gsub("\\$\\{secret:(?<n>[^}]+)\\}"; "${" + (.n | secret_var) + "}");
def duration: "\(.)ms";
def svc_name: if .role == "seed" then .component + "-seed" else .component end;
def var_name: ascii_upcase | gsub("-"; "_");

. as $plan
| ($plan.network + "-") as $prefix
| [$plan.containers[] | select(.role == "relay")] as $relays
| {
    services: (
      [$plan.containers[] | select(.role != "relay") | . as $c | .spec as $s
       | ($images[$s.image] // $s.image) as $tag
       | {
           key: svc_name,
           value: (
             {
               image: (if $c.role == "service" then "${BENCH_IMAGE_\($c.component | var_name):-\($tag)}" else $tag end),
               restart: $s.restart,
               networks: {default: {aliases: ($s.aliases // [])}}
             }
             + (if ($s.env // {}) != {} then {environment: ($s.env | map_values(env_value))} else {} end)
             + (if ($s.cmd // []) != [] then {command: ($s.cmd | map(esc))} else {} end)
             + (if $s.entrypoint then {entrypoint: ($s.entrypoint | map(esc))} else {} end)
             + (if $s.working_dir then {working_dir: $s.working_dir} else {} end)
             + (if $s.user then {user: $s.user} else {} end)
             + (if $s.stop_timeout then {stop_grace_period: "\($s.stop_timeout)s"} else {} end)
             + (if $s.health then
                  {healthcheck: {
                     test: (if ($s.health.test // []) == [] then $healthtests[$s.image] else $s.health.test end | map(esc)),
                     interval: ($s.health.interval_ms | duration),
                     timeout: ($s.health.timeout_ms | duration),
                     start_period: ($s.health.start_period_ms | duration),
                     retries: $s.health.retries}}
                else {} end)
             + {volumes: (
                  [($s.mounts // [])[] | "\(.volume | ltrimstr($prefix)):\(.target)" + (if .read_only then ":ro" else "" end)]
                  + (if $c.seed then ["\($seedfile):\($c.seed.path):ro"] else [] end))}
             + ([$relays[] | select(.component == $c.component and $c.role == "service") | .spec.ports[]
                 | "127.0.0.1:\(.host + $port_offset):\(.container)"] as $ports
                | if $ports != [] then {ports: $ports} else {} end)
             + ([$c.after[] | split("/") as [$role, $name]
                 | if $role == "seed" then {key: ($name + "-seed"), value: {condition: "service_completed_successfully"}}
                   else {key: $name, value: {condition: "service_healthy"}} end] as $deps
                | if $deps != [] then {depends_on: ($deps | from_entries)} else {} end)
             | if .volumes == [] then del(.volumes) else . end
           )
         }
      ] | from_entries),
    volumes: ([$plan.volumes[] | {key: ltrimstr($prefix), value: {}}] | from_entries)
  }
