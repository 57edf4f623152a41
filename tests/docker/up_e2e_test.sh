#!/usr/bin/env bash
# End to end on the real dockerd: `stackctl up` of the bundled stack, then
# everything issue 5 promises of the local target, on a throwaway copy of the
# project (environments/e2e.yaml extends local and points the dependencies
# at the stand-in images that scripts/docker-setup.sh builds; no registry).
#
#   1. up: brief 004's curl answers the shown values on 127.0.0.1:3000; the
#      inventory endpoints work; every /readyz is 200; status says ready
#   2. a second up touches no container and says so
#   3. one service changed: only its container is replaced, with no failed
#      request during the swap, and it serves the new version
#   4. a replacement that cannot start fails with its log lines, and the old
#      container keeps serving
#   5. rollback: the previous digest comes back and serves the old version
#   6. kill -9 of a service: ready again within 10 s
#   7. a --copy runs beside it with its own names, network, volumes and ports
#   1b. no secret value in what `docker inspect` shows of any service, seed or
#      relay container (dependencies: see inspect_allowed_roles); the files
#      in /run/secrets (tmpfs), and up re-writes them after a "reboot"
#   8. down keeps the volumes (the data is there after up) and removes the
#      secret folders; down --purge leaves nothing; no secret value in any
#      output or in the release store
#
# Usage: up_e2e_test.sh STACKCTL. Prints "ok - ..." / "not ok - ..." lines.
set -uo pipefail

stackctl=$(readlink -f "$1")
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/tests/lib/project_copy.sh"
source "$root/tests/lib/tap.sh"

bash "$root/scripts/docker-setup.sh" || { echo "up-e2e: scripts/docker-setup.sh failed" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-up-e2e.XXXXXX")"
project="$work/project"
out="$work/out"
mkdir -p "$out"


sc() { (cd "$project" && "$stackctl" "$@"); }
instance_ids() { docker ps -aq --no-trunc --filter "label=org.stackctl.instance=$1" | sort; }
service_id() { docker ps -q --no-trunc --filter "label=org.stackctl.instance=e2e" --filter "label=org.stackctl.key=service/$1"; }
now_ms() { date +%s%3N; }

cleanup() {
  [ -n "${poller:-}" ] && kill "$poller" 2>/dev/null
  [ -n "${argv_sampler:-}" ] && kill "$argv_sampler" 2>/dev/null
  sc down e2e --purge >/dev/null 2>&1
  sc down e2e --copy c1 --purge >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the project copy: its own git history, key and secrets ------------------
project_copy "$root" "$work"
isolated_secrets_home "$work/home"
cat >"$project/environments/e2e.yaml" <<'EOF'
# The local environment on the test stand-in images (tests/docker/images/).
extends: local
images:
  postgres: "stackctl-test/postgres:15"
  mysql: "stackctl-test/mysql:8.0"
  redis: "stackctl-test/redis:7"
  activemq: "stackctl-test/activemq:5"
EOF
(
  cd "$project" && git init -q && git add -A && git -c user.name=e2e -c user.email=e2e@localhost commit -qm "e2e project"
) || exit 1
sc secrets keygen >/dev/null 2>&1 && sc secrets init e2e >/dev/null 2>&1 && sc secrets generate e2e --missing >/dev/null 2>&1 ||
  { echo "up-e2e: could not set up the secrets" >&2; exit 1; }
# Anything left by an interrupted run.
sc down e2e --purge >/dev/null 2>&1
sc down e2e --copy c1 --purge >/dev/null 2>&1

commit() { (cd "$project" && git -c user.name=e2e -c user.email=e2e@localhost commit -qam "$1"); }
bump_inventory() { # VERSION: a one-line change to the inventory service
  sed -i -E "s/^project\(inventory VERSION [0-9.]+/project(inventory VERSION $1/" "$project/services/inventory/CMakeLists.txt"
  commit "inventory $1"
}
version_of() { curl -fsS --max-time 5 "$1/version" | jq -r .version; }

# ---- 1. cold up ----------------------------------------------------------------
# Every process's argv while it runs (containers' processes included) joins
# the outputs that must hold no secret value (checked in part 8).
(while :; do ps -eo args >>"$out/argv.log"; sleep 0.2; done) &
argv_sampler=$!
t0=$(now_ms)
if sc up e2e -o json >"$out/up1.json" 2>"$out/up1.err"; then
  ok "up e2e (cold, images built) in $(($(now_ms) - t0)) ms"
else
  not_ok "up e2e (cold)"
  show "$out/up1.err" 60
  tap_summary
  exit 1
fi
kill "$argv_sampler" 2>/dev/null
wait "$argv_sampler" 2>/dev/null
# What anyone may read of the containers besides their environment.
docker inspect -f '{{.Name}} {{json .Config.Cmd}} {{json .Config.Entrypoint}} {{json .Config.Labels}} {{json .Config.Healthcheck}}' \
  $(instance_ids e2e) >"$out/inspect.txt" 2>&1
rates=$(jq -r '.endpoints[] | select(.service=="rates-api") | .url' "$out/up1.json")
inventory=$(jq -r '.endpoints[] | select(.service=="inventory") | .url' "$out/up1.json")
expect_value "endpoints are published on loopback at the environment's ports" \
  "http://127.0.0.1:3000 http://127.0.0.1:3010" "$rates $inventory"
expect_value "release 1 is recorded" "1" "$(jq -r .release "$out/up1.json")"

curl -fsS --max-time 10 \
  "http://127.0.0.1:3000/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ&dest_code=EETLL" \
  >"$out/rates.json" 2>&1
expect_value "brief 004's curl: 31 days, newest first, the shown count and price" \
  "31 2016-01-31 3 1154.333 2016-01-30 3 1154.333 2016-01-01" \
  "$(jq -r '[(.rates|length), .rates[0].day, .rates[0].count, (.rates[0].price*1000|floor/1000),
             .rates[1].day, .rates[1].count, (.rates[1].price*1000|floor/1000), .rates[30].day] | join(" ")' \
    "$out/rates.json" 2>&1)"

ts=$(date -u +%Y-%m-%dT%H:%M:%SZ)
expect_value "inventory: POST /reads stores a batch" '{"accepted":2}' "$(curl -sS --max-time 5 -X POST "$inventory/reads" \
  -H 'Content-Type: application/json' \
  -d "[{\"room\":\"or-1\",\"tag\":\"t1\",\"sku\":\"gauze\",\"event\":\"seen\",\"timestamp\":\"$ts\"},
       {\"room\":\"or-1\",\"tag\":\"t2\",\"sku\":\"gauze\",\"event\":\"removed\",\"timestamp\":\"$ts\"}]" | jq -c .)"
expect_value "inventory: GET /rooms/or-1/items lists what is present" "t1 gauze present" \
  "$(curl -sS --max-time 5 "$inventory/rooms/or-1/items" | jq -r '.items[] | "\(.tag) \(.sku) \(.status)"')"
expect_value "inventory: PUT /rooms/or-1/minimums" '{"gauze":3}' \
  "$(curl -sS --max-time 5 -X PUT "$inventory/rooms/or-1/minimums" -d '{"gauze":3}' | jq -c .minimums)"
expect_value "inventory: GET /rooms/or-1/restock" "gauze 1 3 2" \
  "$(curl -sS --max-time 5 "$inventory/rooms/or-1/restock" | jq -r '.restock[] | "\(.sku) \(.present) \(.minimum) \(.shortfall)"')"
for url in "$rates" "$inventory"; do
  expect_value "$url/readyz is 200" 200 "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url/readyz")"
done
sc status e2e -o json >"$out/status.json" 2>&1
expect_value "status: every container running and ready, the seed completed" "true 0 completed" \
  "$(jq -r '[.ready, ([.containers[] | select(.role != "seed" and .ready != .desired)] | length),
             (.containers[] | select(.key == "seed/rates-db") | .note)] | join(" ")' "$out/status.json")"
expect_value "status: 7 dependencies, 2 services, 2 relays, 1 seed job" "dependency:6 relay:2 seed:1 service:2" \
  "$(jq -r '[.containers | group_by(.role)[] | "\(.[0].role):\(length)"] | join(" ")' "$out/status.json")"

# ---- 1b. secrets reach containers as files, never in what docker inspect shows ----
# Roles whose containers may carry a secret in their config: none. (Kept as
# a variable so a future role that cannot take files is named here.)
inspect_allowed_roles=""
secret_values="$work/secret-values"  # outside $out: part 8 scans $out for the values
: >"$secret_values"
for name in $(sc secrets list e2e 2>/dev/null); do
  value=$(sc secrets get e2e "$name" 2>/dev/null)
  [ ${#value} -ge 8 ] && printf '%s\t%s\n' "$name" "$value" >>"$secret_values"
done
# inspect_hits ID...: prints "container: secret" for every secret value in a
# container's Env, Cmd, Entrypoint, Labels, Path, Args or HostConfig, unless
# its role is allowed; prints "scanned N" last.
inspect_hits() {
  local id role fields scanned=0
  for id in "$@"; do
    role=$(docker inspect -f '{{index .Config.Labels "org.stackctl.key"}}' "$id")
    role=${role%%/*}
    [[ " $inspect_allowed_roles " == *" $role "* ]] && continue
    fields=$(docker inspect "$id" | jq -c '.[0] | {Env: .Config.Env, Cmd: .Config.Cmd, Entrypoint: .Config.Entrypoint,
      Labels: .Config.Labels, Path, Args, HostConfig}')
    scanned=$((scanned + 1))
    while IFS=$'\t' read -r name value; do
      grep -qF -- "$value" <<<"$fields" && echo "$(docker inspect -f '{{.Name}}' "$id"): $name"
    done <"$secret_values"
  done
  echo "scanned $scanned"
}
inspect_hits $(instance_ids e2e) >"$work/inspect-hits"
scanned=$(sed -n 's/^scanned //p' "$work/inspect-hits")
expect_value "docker inspect of $scanned containers (all but: ${inspect_allowed_roles:-none}) shows none of the $(wc -l <"$secret_values") secrets" \
  "0 yes" "$(grep -vc '^scanned' "$work/inspect-hits") $([ "${scanned:-0}" -ge 5 ] && echo yes || echo "no: $scanned")"
grep -v '^scanned' "$work/inspect-hits" | sed 's/^/    /'
# The check can fail: a container with a secret in its env is found.
probe=$(docker create --label org.stackctl.key=service/inspect-selftest \
  -e "DB_PASSWORD=$(cut -f2 "$secret_values" | head -1)" debian:bookworm-slim true)
expect_value "self-test: the inspect check finds a secret put in a container's env" "1" \
  "$(inspect_hits "$probe" | grep -vc '^scanned')"
docker rm -f "$probe" >/dev/null
rates_id=$(service_id rates-api)
expect_value "rates-api reads DB_PASSWORD from /run/secrets (its env names the file)" \
  "DB_PASSWORD_FILE=/run/secrets/DB_PASSWORD 400 10001" \
  "$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$rates_id" | grep '^DB_PASSWORD') \
$(docker exec "$rates_id" stat -c '%a %u' /run/secrets/DB_PASSWORD 2>&1)"
shm="/dev/shm/stackctl/loopstock-e2e"
expect_value "the secret files are on tmpfs under $shm" "tmpfs 1" \
  "$(stat -f -c %T /dev/shm) $(ls "$shm/$(docker inspect -f '{{.Name}}' "$rates_id" | tr -d /)" 2>/dev/null | grep -c '^DB_PASSWORD$')"
# A reboot empties /dev/shm: up notices and writes the files again.
rm -f "$shm"/*/*
sc up e2e -o json >"$out/up-reboot.json" 2>"$out/up-reboot.err"
rc=$?
expect_value "after the secret files vanished (a reboot), up restarts every container that lacks them" \
  "0 dependency/inventory-db:started dependency/pipeline-mq:started dependency/rates-db:started dependency/sportbuff-cache:started dependency/sportbuff-db:started dependency/sportbuff-mq:started service/inventory:started service/rates-api:started" \
  "$rc $(jq -r '[.changes[] | select(.action != "unchanged") | "\(.key):\(.action)"] | sort | join(" ")' "$out/up-reboot.json")"
[ "$rc" = 0 ] || show "$out/up-reboot.err"
expect_value "the files are back and the services answer" "1 200 200" \
  "$(docker exec "$(service_id rates-api)" ls /run/secrets 2>&1 | grep -c '^DB_PASSWORD$') \
$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$rates/readyz") \
$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$inventory/readyz")"

# ---- 2. a no-op up ---------------------------------------------------------------
before=$(instance_ids e2e)
t0=$(now_ms)
sc up e2e >"$out/up2.out" 2>"$out/up2.err"
rc=$?
expect_value "a second up succeeds and says nothing changed (in $(($(now_ms) - t0)) ms)" "0 yes" \
  "$rc $(grep -q 'No changes' "$out/up2.err" && echo yes || echo no)"
expect_value "a second up touches no container" "$before" "$(instance_ids e2e)"
grep -q "127.0.0.1:3000" "$out/up2.out" && ok "a no-op up still prints the endpoints" || not_ok "no-op up endpoints"

# ---- 3. one service changed: only it is replaced, without a failed request -------
rates_before=$(service_id rates-api)
inventory_before=$(service_id inventory)
old_inventory_image=$(docker inspect -f '{{.Image}}' "$inventory_before")
bump_inventory 1.0.1
: >"$out/poll.log"
(
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$inventory/rooms/or-1/items")
    echo "$code" >>"$out/poll.log"
    sleep 0.05
  done
) &
poller=$!
t0=$(now_ms)
sc up e2e -o json >"$out/up3.json" 2>"$out/up3.err"
rc=$?
elapsed=$(($(now_ms) - t0))
sleep 0.5
kill "$poller" 2>/dev/null
wait "$poller" 2>/dev/null
poller=""
expect_value "up after a change to inventory succeeds (in $elapsed ms, rebuild included)" 0 "$rc"
[ "$rc" = 0 ] || show "$out/up3.err"
expect_value "only service/inventory is replaced" "service/inventory:replaced" \
  "$(jq -r '[.changes[] | select(.action != "unchanged") | "\(.key):\(.action)"] | join(" ")' "$out/up3.json")"
expect_value "the rates-api container is the same one" "$rates_before" "$(service_id rates-api)"
[ "$(service_id inventory)" != "$inventory_before" ] && ok "inventory runs in a new container" || not_ok "new container"
expect_value "the new inventory serves version 1.0.1" "1.0.1" "$(version_of "$inventory")"
polls=$(wc -l <"$out/poll.log")
bad=$(grep -vc '^200$' "$out/poll.log")
expect_value "no request failed during the replacement ($polls requests)" 0 "$bad"

# ---- 4. a replacement that cannot start -------------------------------------------
sc up e2e --set services.inventory.env.PORT=not-a-port >"$out/up4.out" 2>"$out/up4.err"
rc=$?
[ "$rc" -ne 0 ] && ok "up exits non-zero when a container cannot start (exit $rc)" || not_ok "bad up exit code"
grep -q "service/inventory exited with code 78" "$out/up4.err" && grep -q "PORT" "$out/up4.err" &&
  ok "the error names the container and shows its last log lines" || { not_ok "bad up error"; show "$out/up4.err"; }
expect_value "the old inventory container keeps serving" "1.0.1" "$(version_of "$inventory")"
sc up e2e >"$out/up4b.out" 2>"$out/up4b.err"
grep -q "No changes" "$out/up4b.err" && ok "after the failed replacement, up finds nothing to do" ||
  { not_ok "up after failure"; show "$out/up4b.err"; }

# ---- 5. rollback ---------------------------------------------------------------------
t0=$(now_ms)
sc rollback e2e -o json >"$out/rollback.json" 2>"$out/rollback.err"
rc=$?
expect_value "rollback to the previous release succeeds (in $(($(now_ms) - t0)) ms)" 0 "$rc"
[ "$rc" = 0 ] || show "$out/rollback.err"
expect_value "rollback replaces only inventory" "service/inventory:replaced" \
  "$(jq -r '[.changes[] | select(.action != "unchanged") | "\(.key):\(.action)"] | join(" ")' "$out/rollback.json")"
expect_value "inventory runs the previous image digest again" "$old_inventory_image" \
  "$(docker inspect -f '{{.Image}}' "$(service_id inventory)")"
expect_value "and serves the old version" "1.0.0" "$(version_of "$inventory")"
sc history e2e -o json >"$out/history.json" 2>&1
# Releases: 1 cold up, 2 the up that re-wrote the secret files (1b), 3 the
# inventory change, 4 this rollback to 2 (inventory as in release 1).
expect_value "history: release 4 notes the rollback to release 2" "4 rollback to release 2" \
  "$(jq -r '.[0] | "\(.release) \(.note)"' "$out/history.json")"
expect_value "release 4 records release 1's inventory digest" "$old_inventory_image" \
  "$(jq -r '.[0].images.inventory' "$out/history.json")"
sc history e2e >"$out/history.txt" 2>&1 && grep -q "^RELEASE" "$out/history.txt" && ok "history prints a table" ||
  not_ok "history table"

# ---- 6. kill -9 ----------------------------------------------------------------------
pid=$(docker inspect -f '{{.State.Pid}}' "$(service_id rates-api)")
t0=$(now_ms)
kill -9 "$pid"
ready=""
while (($(now_ms) - t0 < 20000)); do
  id=$(service_id rates-api)
  if [ -n "$id" ] && [ "$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null)" = healthy ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$rates/readyz")" = 200 ] &&
    [ "$(docker inspect -f '{{.RestartCount}}' "$id")" -ge 1 ]; then
    ready=$(($(now_ms) - t0))
    break
  fi
  sleep 0.1
done
if [ -n "$ready" ] && ((ready <= 10000)); then
  ok "rates-api killed with kill -9 is restarted and ready again in $ready ms"
else
  not_ok "rates-api ready again within 10 s after kill -9 (${ready:-not within 20 s})"
fi

# ---- 7. a copy beside it -----------------------------------------------------------
sc up e2e --copy c1 -o json >"$out/copy.json" 2>"$out/copy.err"
rc=$?
expect_value "up e2e --copy c1 succeeds while e2e runs" 0 "$rc"
[ "$rc" = 0 ] || show "$out/copy.err"
copy_rates=$(jq -r '.endpoints[] | select(.service=="rates-api") | .url' "$out/copy.json")
[[ "$copy_rates" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && [ "$copy_rates" != "$rates" ] &&
  ok "the copy publishes rates-api on its own loopback port ($copy_rates)" || not_ok "copy port: $copy_rates"
expect_value "the copy serves brief 004's data too" "31" \
  "$(curl -fsS --max-time 10 "$copy_rates/rates?date_from=2016-01-01&date_to=2016-01-31&orig_code=CNGGZ&dest_code=EETLL" | jq '.rates|length')"
expect_value "the copy has its own network" "loopstock-e2e-c1" \
  "$(docker network ls --filter label=org.stackctl.instance=e2e-c1 --format '{{.Name}}')"
shared=$(comm -12 <(docker volume ls -q --filter label=org.stackctl.instance=e2e | sort) \
  <(docker volume ls -q --filter label=org.stackctl.instance=e2e-c1 | sort) | wc -l)
expect_value "the copy shares no volume with e2e" 0 "$shared"
expect_value "e2e still answers on its own port" 200 "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$rates/readyz")"
check "down --copy c1 --purge" sc down e2e --copy c1 --purge
expect_value "nothing of the copy is left" "0 0 0" "$(docker ps -aq --filter label=org.stackctl.instance=e2e-c1 | wc -l) \
$(docker network ls -q --filter label=org.stackctl.instance=e2e-c1 | wc -l) \
$(docker volume ls -q --filter label=org.stackctl.instance=e2e-c1 | wc -l)"
expect_value "down --copy removes the copy's secret folder" "gone" \
  "$([ -e /dev/shm/stackctl/loopstock-e2e-c1 ] && ls -R /dev/shm/stackctl/loopstock-e2e-c1 || echo gone)"

# ---- 8. down keeps the data; down --purge leaves nothing -------------------------
sc down e2e >"$out/down.out" 2>"$out/down.err"
expect_value "down removes every container and the network" "0 0" \
  "$(docker ps -aq --filter label=org.stackctl.instance=e2e | wc -l) $(docker network ls -q --filter label=org.stackctl.instance=e2e | wc -l)"
expect_value "down keeps the 7 volumes" 7 "$(docker volume ls -q --filter label=org.stackctl.instance=e2e | wc -l)"
expect_value "down removes the secret files' folder $shm" "gone" "$([ -e "$shm" ] && ls -R "$shm" || echo gone)"
sc up e2e >"$out/up5.out" 2>"$out/up5.err" || show "$out/up5.err"
expect_value "after down and up, the reads stored before are still there" "t1" \
  "$(curl -sS --max-time 5 "$inventory/rooms/or-1/items" | jq -r '.items[].tag')"
grep -q "was loaded before; nothing to do" <(sc logs e2e rates-db-seed 2>&1) &&
  ok "the seed job ran again and found the dataset already loaded" || not_ok "seed re-run"
sc logs e2e >"$out/logs.txt" 2>&1
grep -qE '^rates-api +\| ' "$out/logs.txt" && grep -qE '^inventory-db +\| ' "$out/logs.txt" &&
  ok "logs merges the services' lines, each prefixed with its service" || { not_ok "logs"; show "$out/logs.txt" 10; }

# No secret value anywhere: outputs, argv, the containers' commands and
# labels, the release store.
secret_hits=0
for name in $(sc secrets list e2e 2>/dev/null); do
  value=$(sc secrets get e2e "$name" 2>/dev/null)
  [ ${#value} -ge 8 ] || continue
  grep -rqF -- "$value" "$out" && { echo "    $name found in $(grep -rlF -- "$value" "$out")"; secret_hits=$((secret_hits + 1)); }
  git --git-dir="$project/.stackctl/releases.git" grep -qF -- "$value" $(git --git-dir="$project/.stackctl/releases.git" for-each-ref --format='%(refname)') 2>/dev/null &&
    { echo "    $name found in the release store"; secret_hits=$((secret_hits + 1)); }
done
expect_value "no secret value in any output, argv, container command or label, or the release store ($(wc -l <"$out/argv.log") argv lines)" 0 "$secret_hits"

sc down e2e --purge >"$out/purge.out" 2>&1
expect_value "down --purge leaves no container, network or volume" "0 0 0" \
  "$(docker ps -aq --filter label=org.stackctl.instance=e2e | wc -l) \
$(docker network ls -q --filter label=org.stackctl.instance=e2e | wc -l) \
$(docker volume ls -q --filter label=org.stackctl.instance=e2e | wc -l)"

tap_summary
