#!/usr/bin/env bash
# stackctl-relay (cli/relay/) against the real dockerd: the relay container
# that owns a service's published ports and forwards each connection to the
# service's network alias, resolved per connection.
#
#   relay_test.sh RELAY_BINARY
#
# Builds, with no registry, a `FROM scratch` relay image from RELAY_BINARY and
# a `FROM scratch` echo-server image from a tiny static C program compiled
# here with musl-gcc (the same program is the client on the host). Then, on a
# user-defined network, with the relay publishing on 127.0.0.1 only:
#
#   - 5 MiB round-trip byte-exact through the relay, with half-close: the
#     server's trailer is only sent after the client's EOF reached it;
#   - connections are served concurrently (one held open, another answered);
#   - replacement: a second server with the same alias starts, the first is
#     stopped and removed, and new connections reach the second with no relay
#     restart;
#   - no target (alias gone, unknown name, refused port): the connection is
#     closed in < 3 s, one line is logged, the relay keeps running and serves
#     again once a server is back;
#   - bad arguments exit 2; `docker stop` (SIGTERM) exits 0 quickly.
#
# Everything it creates is labelled org.stackctl.test.run=<id> and removed on
# exit. Prints "ok - ..." / "not ok - ..." and closes with "N passed, N failed".
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
relay_bin="${1:?usage: relay_test.sh RELAY_BINARY}"
[ -x "$relay_bin" ] || { echo "relay: $relay_bin is not an executable (build the stackctl_relay target)" >&2; exit 1; }
command -v musl-gcc >/dev/null || { echo "relay: musl-gcc not found (Debian package musl-tools)" >&2; exit 1; }

bash "$root/scripts/docker-setup.sh" || { echo "relay: scripts/docker-setup.sh failed" >&2; exit 1; }

source "$root/tests/lib/docker_cli.sh"

run_id="relay-$$"
label_kv="org.stackctl.test.run=$run_id"
label=(--label "$label_kv")
net="stackctl-test-relay-$$"
relay_image="stackctl-test/relay:$run_id"
echo_image="stackctl-test/relay-echo:$run_id"
relay="stackctl-test-relay-$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/stackctl-relay-test.XXXXXX")"

cleanup() {
  local ids
  mapfile -t ids < <(docker ps -aq --filter "label=$label_kv")
  ((${#ids[@]})) && docker rm -f -v "${ids[@]}" >/dev/null 2>&1
  docker network rm "$net" >/dev/null 2>&1
  mapfile -t ids < <(docker images -q --filter "label=$label_kv" | sort -u)
  ((${#ids[@]})) && docker rmi -f "${ids[@]}" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

source "$root/tests/lib/tap.sh"
indent() { sed 's/^/    /'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
fatal() { not_ok "$*"; echo "relay: $passed passed, $failed failed"; exit 1; }

# ---- the echo server / client (static, musl) ---------------------------------
# "serve PORT NAME": echoes each connection back as it arrives; at the
# client's EOF appends "\n[served-by NAME bytes N]\n" and closes.
# "send HOST PORT": streams stdin to HOST:PORT while copying the reply to
# stdout, shuts its sending side down at stdin's EOF, exits 0 at the reply's EOF.
cat >"$work/echo.c" <<'EOF'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static void on_term(int sig) { (void)sig; _exit(0); }

static int serve(int port, const char* name) {
  signal(SIGTERM, on_term);
  signal(SIGCHLD, SIG_IGN);
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  if (bind(s, (struct sockaddr*)&a, sizeof a) < 0 || listen(s, 64) < 0) { perror("listen"); return 1; }
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) continue;
    if (fork() == 0) {
      static char buf[65536];
      unsigned long long total = 0;
      ssize_t n;
      while ((n = read(c, buf, sizeof buf)) != 0) {
        if (n < 0) { if (errno == EINTR) continue; _exit(1); }
        total += (unsigned long long)n;
        if (write_all(c, buf, (size_t)n) < 0) _exit(1);
      }
      int len = snprintf(buf, sizeof buf, "\n[served-by %s bytes %llu]\n", name, total);
      write_all(c, buf, (size_t)len);
      close(c);
      _exit(0);
    }
    close(c);
  }
}

static int send_to(const char* host, const char* port) {
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
  int rc = getaddrinfo(host, port, &hints, &ai);
  if (rc) { fprintf(stderr, "send: %s\n", gai_strerror(rc)); return 1; }
  int s = socket(ai->ai_family, SOCK_STREAM, 0);
  if (connect(s, ai->ai_addr, ai->ai_addrlen) < 0) { perror("send: connect"); return 1; }
  fcntl(s, F_SETFL, O_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);
  alarm(60); /* never hang the test */
  static char out[65536], in[65536];
  size_t start = 0, end = 0; /* out[start, end): read from stdin, not sent yet */
  int stdin_open = 1;
  for (;;) {
    struct pollfd p[2] = {{.fd = -1}, {.fd = s, .events = POLLIN}};
    if (start < end) p[1].events |= POLLOUT;
    else if (stdin_open) p[0] = (struct pollfd){.fd = 0, .events = POLLIN};
    if (poll(p, 2, -1) < 0) { if (errno == EINTR) continue; return 1; }
    if (p[0].revents) {
      ssize_t n = read(0, out, sizeof out);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) { shutdown(s, SHUT_WR); stdin_open = 0; }
      else { start = 0; end = (size_t)n; }
    }
    if (start < end && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = send(s, out + start, end - start, MSG_NOSIGNAL);
      if (n > 0) start += (size_t)n;
      else if (n < 0 && errno != EAGAIN && errno != EINTR) { perror("send: write"); return 1; }
    }
    if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(s, in, sizeof in);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0) { perror("send: read"); return 1; }
      if (n == 0) return 0;
      if (write_all(1, in, (size_t)n) < 0) return 1;
    }
  }
}

int main(int argc, char** argv) {
  if (argc == 4 && strcmp(argv[1], "serve") == 0) return serve(atoi(argv[2]), argv[3]);
  if (argc == 4 && strcmp(argv[1], "send") == 0) return send_to(argv[2], argv[3]);
  fprintf(stderr, "usage: echo serve PORT NAME | echo send HOST PORT\n");
  return 2;
}
EOF
mkdir -p "$work/echo-ctx" "$work/relay-ctx"
musl-gcc -std=c11 -static -O2 -Wall -Wextra -o "$work/echo-ctx/echo" "$work/echo.c" 2>"$work/cc.log" ||
  { indent <"$work/cc.log"; fatal "the echo server compiles with musl-gcc"; }
client="$work/echo-ctx/echo"

# ---- images -------------------------------------------------------------------
cp "$relay_bin" "$work/relay-ctx/stackctl-relay"
chmod 0755 "$work/relay-ctx/stackctl-relay"
cat >"$work/relay-ctx/Dockerfile" <<'EOF'
FROM scratch
COPY stackctl-relay /stackctl-relay
USER 65534:65534
ENTRYPOINT ["/stackctl-relay"]
EOF
cat >"$work/echo-ctx/Dockerfile" <<'EOF'
FROM scratch
COPY echo /echo
USER 65534:65534
ENTRYPOINT ["/echo", "serve"]
EOF
for pair in "relay-ctx $relay_image" "echo-ctx $echo_image"; do
  set -- $pair
  if docker build -q "${label[@]}" -t "$2" "$work/$1" >"$work/build.log" 2>&1; then
    ok "image $2 builds FROM scratch"
  else
    indent <"$work/build.log"
    fatal "image $2 builds FROM scratch"
  fi
done

docker network create "${label[@]}" "$net" >/dev/null || fatal "network $net is created"

# server NAME: a server container answering as NAME, with network alias svc.
server() {
  docker run -d --name "stackctl-test-relay-$1-$$" "${label[@]}" --network "$net" --network-alias svc \
    "$echo_image" 9000 "$1" >/dev/null
}
# remove_server NAME: docker stop + rm.
remove_server() {
  docker stop -t 5 "stackctl-test-relay-$1-$$" >/dev/null && docker rm -v "stackctl-test-relay-$1-$$" >/dev/null
}
# ask PORT: one connection with "ping" through the relay; prints the server's trailer.
ask() { printf ping | "$client" send 127.0.0.1 "$1" 2>&1 | tail -n 1; }
# wait_for PORT NAME: until a connection on PORT is served by NAME (20 s).
wait_for() {
  local i
  for ((i = 0; i < 100; i++)); do
    [ "$(ask "$1")" = "[served-by $2 bytes 4]" ] && return 0
    sleep 0.2
  done
  return 1
}
relay_running() { [ "$(docker inspect -f '{{.State.Running}}' "$relay" 2>&1)" = "true" ]; }

# ---- bad arguments ----------------------------------------------------------------
out="$(docker run --rm --network none "${label[@]}" "$relay_image" 2>&1)"
code=$?
if [ "$code" = 2 ] && [[ "$out" == *"usage: stackctl-relay"* ]]; then ok "no arguments: usage, exit 2"
else not_ok "no arguments: usage, exit 2 (exit $code)"; indent <<<"$out"; fi
out="$(docker run --rm --network none "${label[@]}" "$relay_image" 7000 svc 2>&1)"
code=$?
if [ "$code" = 2 ] && [[ "$out" == *"bad target"* ]]; then ok "a target without a port: exit 2"
else not_ok "a target without a port: exit 2 (exit $code)"; indent <<<"$out"; fi

# ---- the relay --------------------------------------------------------------------
server alpha || fatal "server alpha starts"
# 7000 -> the service; 7001 -> a name nobody has; 7002 -> the service on a closed port.
docker run -d --name "$relay" "${label[@]}" --network "$net" \
  -p 127.0.0.1::7000 -p 127.0.0.1::7001 -p 127.0.0.1::7002 \
  "$relay_image" 7000 svc:9000 7001 nobody-has-this-name:9000 7002 svc:9999 >/dev/null ||
  fatal "the relay container starts"
port_of() { local p; p="$(docker port "$relay" "$1/tcp" | head -n 1)"; echo "${p##*:}"; }
port="$(port_of 7000)"
port_unknown="$(port_of 7001)"
port_closed="$(port_of 7002)"
echo "# relay published on 127.0.0.1:$port, :$port_unknown, :$port_closed"
if [ "$(docker inspect -f '{{.Config.User}}' "$relay")" = "65534:65534" ]; then ok "the relay runs as 65534:65534"
else not_ok "the relay runs as 65534:65534"; fi

if wait_for "$port" alpha; then ok "a connection through the relay reaches alpha"
else
  not_ok "a connection through the relay reaches alpha"
  docker logs "$relay" 2>&1 | indent
  fatal "(nothing else can work)"
fi
logs="$(docker logs "$relay" 2>&1)"
if [[ "$logs" == *"forwarding 0.0.0.0:7000 -> svc:9000, 0.0.0.0:7001 -> nobody-has-this-name:9000, 0.0.0.0:7002 -> svc:9999"* ]]; then
  ok "the start line lists the forwards"
else not_ok "the start line lists the forwards"; indent <<<"$logs"; fi

# 5 MiB, byte-exact; the trailer proves the client's half-close went through
# (the server sends it only after reading EOF) and the reply's EOF came back.
head -c $((5 * 1024 * 1024)) /dev/urandom >"$work/payload"
{ cat "$work/payload"; printf '\n[served-by alpha bytes %d]\n' $((5 * 1024 * 1024)); } >"$work/expected"
t0=$(now_ms)
"$client" send 127.0.0.1 "$port" <"$work/payload" >"$work/reply" 2>"$work/send.log"
code=$?
t1=$(now_ms)
if [ "$code" = 0 ] && cmp -s "$work/expected" "$work/reply"; then
  ok "5 MiB round-trip byte-exact with half-close ($((t1 - t0)) ms)"
else
  not_ok "5 MiB round-trip byte-exact with half-close (exit $code, got $(stat -c %s "$work/reply") bytes)"
  indent <"$work/send.log"
fi

# Concurrency: a connection held open (stdin not closed for 3 s) does not
# hold up another one.
(sleep 3 | "$client" send 127.0.0.1 "$port" >"$work/held" 2>&1) &
held_pid=$!
sleep 0.3
t0=$(now_ms)
reply="$(ask "$port")"
t1=$(now_ms)
if [ "$reply" = "[served-by alpha bytes 4]" ] && ((t1 - t0 < 2000)); then
  ok "a second connection is answered while one is held open ($((t1 - t0)) ms)"
else not_ok "a second connection is answered while one is held open ($((t1 - t0)) ms): $reply"; fi
wait "$held_pid"
if [ "$(tail -n 1 "$work/held")" = "[served-by alpha bytes 0]" ]; then ok "the held connection ends cleanly at its EOF"
else not_ok "the held connection ends cleanly at its EOF"; indent <"$work/held"; fi

# Several at once.
for i in 1 2 3 4 5 6 7 8; do (ask "$port" >"$work/par.$i") & done
wait
bad=0
for i in 1 2 3 4 5 6 7 8; do [ "$(cat "$work/par.$i")" = "[served-by alpha bytes 4]" ] || bad=$((bad + 1)); done
if ((bad == 0)); then ok "8 parallel connections are all answered"; else not_ok "8 parallel connections: $bad wrong"; fi

# ---- replacement: new server first, then the old one goes -------------------------------
server beta || fatal "server beta starts"
# beta answers once it listens; both share the alias now, so look for it.
seen_beta=0
for ((i = 0; i < 100; i++)); do
  [ "$(ask "$port")" = "[served-by beta bytes 4]" ] && { seen_beta=1; break; }
  sleep 0.1
done
if ((seen_beta)); then ok "with both up, connections reach beta too"; else not_ok "with both up, connections reach beta too"; fi
remove_server alpha || not_ok "alpha is stopped and removed"
wrong=""
for i in $(seq 1 10); do
  r="$(ask "$port")"
  [ "$r" = "[served-by beta bytes 4]" ] || wrong+="$r; "
done
if [ -z "$wrong" ]; then ok "after alpha is removed, 10 new connections all reach beta (no relay restart)"
else not_ok "after alpha is removed, 10 new connections all reach beta: $wrong"; fi

# ---- no target ---------------------------------------------------------------------
# check_closed DESCRIPTION PORT: the connection ends (no reply) within 3 s.
check_closed() {
  local what=$1 p=$2 t0 t1 reply
  t0=$(now_ms)
  reply="$(printf ping | "$client" send 127.0.0.1 "$p" 2>&1)"
  t1=$(now_ms)
  if [ -z "$reply" ] && ((t1 - t0 < 3000)); then ok "$what: closed in $((t1 - t0)) ms"
  else not_ok "$what: closed within 3 s (took $((t1 - t0)) ms, reply: $reply)"; fi
}
remove_server beta || not_ok "beta is stopped and removed"
check_closed "alias with no container left" "$port"
check_closed "a name nobody has" "$port_unknown"
server gamma || fatal "server gamma starts"
wait_for "$port" gamma >/dev/null
check_closed "a closed port on the service" "$port_closed"
if relay_running; then ok "the relay keeps running after failed connections"; else not_ok "the relay keeps running after failed connections"; fi
if [ "$(ask "$port")" = "[served-by gamma bytes 4]" ]; then ok "a server back under the alias is reached (no relay restart)"
else not_ok "a server back under the alias is reached (no relay restart)"; fi
logs="$(docker logs "$relay" 2>&1)"
want_lines=(":7000 -> svc:9000: cannot resolve svc" ":7001 -> nobody-has-this-name:9000: cannot resolve" ":7002 -> svc:9999: cannot connect to ")
for w in "${want_lines[@]}"; do
  line="$(grep -F -- "$w" <<<"$logs" | head -n 1)"
  if [[ "$line" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\ stackctl-relay:\ .+:\ .+ ]]; then ok "logged: $line"
  else not_ok "a timestamped log line with '$w'"; indent <<<"$logs"; fi
done

# ---- SIGTERM ----------------------------------------------------------------------
t0=$(now_ms)
docker stop -t 10 "$relay" >/dev/null
t1=$(now_ms)
code="$(docker inspect -f '{{.State.ExitCode}}' "$relay")"
if [ "$code" = 0 ] && ((t1 - t0 < 5000)); then ok "docker stop (SIGTERM): exit 0 in $((t1 - t0)) ms"
else not_ok "docker stop (SIGTERM): exit 0 quickly (exit $code after $((t1 - t0)) ms)"; fi
if docker logs "$relay" 2>&1 | tail -n 1 | grep -q "stopping (signal)"; then ok "the stop is logged"
else not_ok "the stop is logged"; docker logs "$relay" 2>&1 | tail -n 5 | indent; fi

echo "relay: $passed passed, $failed failed"
((failed == 0))
