/*
 * stackctl-relay: the TCP forwarder that owns a service's published ports.
 *
 *   stackctl-relay LISTEN_PORT TARGET_HOST:TARGET_PORT [LISTEN_PORT TARGET_HOST:TARGET_PORT ...]
 *
 * `stackctl up` publishes a service's ports (e.g. 127.0.0.1:3000) on a small,
 * long-lived relay container instead of on the service container itself, so
 * that a changed service can be replaced without a gap: start the new
 * container (same network alias), wait until it is ready, stop the old one.
 * The relay listens on 0.0.0.0:LISTEN_PORT inside its container and forwards
 * every accepted connection to TARGET_HOST:TARGET_PORT (the service's alias
 * on the environment's Docker network).
 *
 * Behaviour:
 *   - TARGET_HOST is resolved with getaddrinfo() afresh for every connection
 *     (Docker's embedded DNS, through the /etc/resolv.conf Docker writes), so
 *     once the old container is gone, new connections reach only the new one.
 *     Every address returned (IPv4 or IPv6) is tried in turn, each with a
 *     connect timeout of CONNECT_TIMEOUT_MS.
 *   - Bytes are copied both ways until both directions have ended. An EOF on
 *     one side is passed on as shutdown(SHUT_WR) to the other (half-close), so
 *     request/response protocols that close their sending side still work.
 *     A reset or error on either side closes both.
 *   - When the target cannot be reached (no such name, refused, timed out),
 *     the client connection is closed at once and one line goes to stderr:
 *     time, listen port, target and error.
 *   - Concurrency: one forked child per connection (SIGCHLD ignored, so the
 *     kernel reaps them; this also makes the relay a fine PID 1). The parent
 *     only waits in ppoll() on its listening sockets: no busy loops, no timers.
 *   - SIGTERM / SIGINT: the parent stops accepting, closes its listening
 *     sockets and exits 0 immediately. It does not wait for connections in
 *     flight: their children are left to finish on their own, which outside a
 *     container they do; inside one, where the relay is PID 1, the kernel ends
 *     them when PID 1 exits (the relay is only stopped when the environment's
 *     published ports go away, so nothing should be relayed any more).
 *   - Bad arguments: usage on stderr, exit 2. A port that cannot be bound:
 *     message on stderr, exit 1. At start, one line lists the forwards.
 *
 * Built statically against musl (`musl-gcc -static`, Debian package
 * musl-tools) so the image can be `FROM scratch` with nothing but this
 * binary: musl's resolver needs no NSS modules, only /etc/resolv.conf.
 */
#define _GNU_SOURCE /* ppoll, accept4, SOCK_NONBLOCK/SOCK_CLOEXEC */

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_FORWARDS 64          /* listening ports per process */
#define CONNECT_TIMEOUT_MS 2000  /* per target address */
#define BUFFER_SIZE (64 * 1024)  /* per direction */
#define ACCEPT_BACKOFF_MS 100    /* pause after EMFILE and the like */

/* One LISTEN_PORT TARGET_HOST:TARGET_PORT pair. */
struct forward {
  int listen_port;
  char target_host[256]; /* without the [] of an IPv6 literal */
  char target_port[8];   /* decimal, as given */
  char target[280];      /* "host:port" as given, for log lines */
  int fd;                /* the listening socket */
};

static struct forward forwards[MAX_FORWARDS];
static int forward_count;

/* Set by the SIGTERM/SIGINT handler; those signals are blocked except while
 * the parent sits in ppoll(), so the flag cannot be missed. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

/* ------------------------------------------------------------------------ */
/* Logging: "2024-05-01T12:00:00Z stackctl-relay: <message>" on stderr.     */

static void log_line(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

static void log_line(const char* fmt, ...) {
  char stamp[32] = "";
  char message[1024];
  const time_t now = time(NULL);
  struct tm tm;
  if (gmtime_r(&now, &tm) != NULL) strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);

  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  /* One fprintf per line keeps lines from concurrent children whole. */
  fprintf(stderr, "%s stackctl-relay: %s\n", stamp, message);
  fflush(stderr);
}

/* ------------------------------------------------------------------------ */
/* Arguments                                                               */

static void usage(void) {
  fprintf(stderr,
          "usage: stackctl-relay LISTEN_PORT TARGET_HOST:TARGET_PORT [LISTEN_PORT TARGET_HOST:TARGET_PORT ...]\n"
          "\n"
          "Listens on 0.0.0.0:LISTEN_PORT and forwards each connection to TARGET_HOST:TARGET_PORT,\n"
          "resolving TARGET_HOST for every connection. Ports are 1-65535; an IPv6 address is\n"
          "written in brackets, e.g. [fd00::2]:8080. At most %d forwards.\n",
          MAX_FORWARDS);
}

/* Parses a decimal port 1..65535 (digits only); returns -1 otherwise. */
static int parse_port(const char* s) {
  if (*s == '\0' || strlen(s) > 5) return -1;
  int value = 0;
  for (const char* p = s; *p; ++p) {
    if (*p < '0' || *p > '9') return -1;
    value = value * 10 + (*p - '0');
  }
  return value >= 1 && value <= 65535 ? value : -1;
}

/* Fills f from "LISTEN_PORT" and "HOST:PORT"; returns 0, or -1 with a message. */
static int parse_forward(const char* listen, const char* target, struct forward* f) {
  f->listen_port = parse_port(listen);
  if (f->listen_port < 0) {
    fprintf(stderr, "stackctl-relay: bad listen port: '%s'\n", listen);
    return -1;
  }
  const char* colon = strrchr(target, ':');
  if (colon == NULL || parse_port(colon + 1) < 0) {
    fprintf(stderr, "stackctl-relay: bad target '%s' (want HOST:PORT)\n", target);
    return -1;
  }
  const char* host = target;
  size_t host_len = (size_t)(colon - target);
  if (host_len >= 2 && host[0] == '[' && host[host_len - 1] == ']') { /* [v6]:port */
    ++host;
    host_len -= 2;
  } else if (memchr(host, ':', host_len) != NULL) {
    fprintf(stderr, "stackctl-relay: bad target '%s' (write an IPv6 address as [ADDR]:PORT)\n", target);
    return -1;
  }
  if (host_len == 0 || host_len >= sizeof f->target_host || strlen(target) >= sizeof f->target) {
    fprintf(stderr, "stackctl-relay: bad target '%s' (empty or too long host)\n", target);
    return -1;
  }
  memcpy(f->target_host, host, host_len);
  f->target_host[host_len] = '\0';
  snprintf(f->target_port, sizeof f->target_port, "%s", colon + 1);
  snprintf(f->target, sizeof f->target, "%s", target);
  f->fd = -1;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Sockets                                                                  */

/* A non-blocking listening socket on 0.0.0.0:port, or -1 (errno set). */
static int open_listener(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int one = 1;
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)port);
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
      bind(fd, (const struct sockaddr*)&addr, sizeof addr) < 0 || listen(fd, SOMAXCONN) < 0) {
    const int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

/* Keepalive, so a peer that vanished without a FIN or RST is eventually
 * noticed and its child does not linger forever. Best effort. */
static void tune_socket(int fd) {
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connects a non-blocking socket to one address within timeout_ms. Returns
 * the socket, or -1 with errno set (ETIMEDOUT when the time ran out). */
static int connect_with_timeout(const struct addrinfo* ai, int timeout_ms) {
  const int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  if (fd < 0) return -1;
  if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return fd;
  if (errno != EINPROGRESS && errno != EINTR) {
    const int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  /* The connection proceeds in the background (also after EINTR); wait for
   * writability, then read the outcome from SO_ERROR. */
  const long long deadline = now_ms() + timeout_ms;
  for (;;) {
    const long long left = deadline - now_ms();
    if (left <= 0) {
      close(fd);
      errno = ETIMEDOUT;
      return -1;
    }
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    const int n = poll(&p, 1, (int)left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      close(fd);
      errno = saved;
      return -1;
    }
    if (n == 0) continue; /* recomputes `left`, then times out */
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    if (err == 0) return fd;
    close(fd);
    errno = err;
    return -1;
  }
}

/* Resolves the target now and connects to the first address that answers.
 * Returns the socket, or -1 after logging why. */
static int connect_target(const struct forward* f) {
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  struct addrinfo* list = NULL;
  const int rc = getaddrinfo(f->target_host, f->target_port, &hints, &list);
  if (rc != 0) {
    log_line(":%d -> %s: cannot resolve %s: %s", f->listen_port, f->target, f->target_host,
             rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
    return -1;
  }
  int last_error = EHOSTUNREACH;
  char last_addr[INET6_ADDRSTRLEN + 8] = "";
  for (const struct addrinfo* ai = list; ai != NULL; ai = ai->ai_next) {
    const int fd = connect_with_timeout(ai, CONNECT_TIMEOUT_MS);
    if (fd >= 0) {
      freeaddrinfo(list);
      return fd;
    }
    last_error = errno;
    if (getnameinfo(ai->ai_addr, ai->ai_addrlen, last_addr, sizeof last_addr, NULL, 0, NI_NUMERICHOST) != 0)
      snprintf(last_addr, sizeof last_addr, "?");
  }
  freeaddrinfo(list);
  log_line(":%d -> %s: cannot connect%s%s: %s", f->listen_port, f->target, last_addr[0] ? " to " : "", last_addr,
           strerror(last_error));
  return -1;
}

/* ------------------------------------------------------------------------ */
/* Relaying one connection                                                  */

/* One direction of the copy: bytes read from `from`, waiting to go to `to`. */
struct pipe_state {
  int from, to;
  char buf[BUFFER_SIZE];
  size_t start, end; /* buf[start, end) is still to be written */
  int eof;           /* `from` said EOF; SHUT_WR sent to `to` once drained */
  int done;          /* EOF seen and passed on */
};

/* Reads what is available. Returns -1 on a fatal error. */
static int pipe_read(struct pipe_state* p) {
  for (;;) {
    const ssize_t n = read(p->from, p->buf, sizeof p->buf);
    if (n > 0) {
      p->start = 0;
      p->end = (size_t)n;
      return 0;
    }
    if (n == 0) {
      p->eof = 1;
      return 0;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    return -1;
  }
}

/* Writes what it can of the buffer (partial writes are kept for later), and
 * passes EOF on once everything is out. Returns -1 on a fatal error. */
static int pipe_write(struct pipe_state* p) {
  while (p->start < p->end) {
    const ssize_t n = send(p->to, p->buf + p->start, p->end - p->start, MSG_NOSIGNAL);
    if (n > 0) {
      p->start += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    return -1;
  }
  p->start = p->end = 0;
  if (p->eof && !p->done) {
    /* ENOTCONN: the peer is already fully gone, which ends things anyway. */
    if (shutdown(p->to, SHUT_WR) < 0 && errno != ENOTCONN) return -1;
    p->done = 1;
  }
  return 0;
}

/* Copies bytes both ways between a and b until both directions are done or
 * either side fails. Both sockets must be non-blocking. */
static void relay(int a, int b) {
  static struct pipe_state up, down; /* static: 128 KiB off the stack */
  up = (struct pipe_state){.from = a, .to = b};
  down = (struct pipe_state){.from = b, .to = a};
  struct pipe_state* pipes[2] = {&up, &down};

  while (!(up.done && down.done)) {
    /* Each unfinished direction waits either to read (buffer empty) or to
     * write (bytes pending, or an EOF to pass on). */
    struct pollfd pfd[2];
    for (int i = 0; i < 2; ++i) {
      struct pipe_state* p = pipes[i];
      pfd[i].revents = 0;
      if (p->done) {
        pfd[i].fd = -1; /* poll ignores negative fds */
        pfd[i].events = 0;
      } else if (p->start < p->end || p->eof) {
        pfd[i].fd = p->to;
        pfd[i].events = POLLOUT;
      } else {
        pfd[i].fd = p->from;
        pfd[i].events = POLLIN;
      }
    }
    if (poll(pfd, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      struct pipe_state* p = pipes[i];
      if (pfd[i].fd < 0 || pfd[i].revents == 0) continue;
      /* On POLLERR/POLLHUP too: the read or write itself reports what happened. */
      if (pfd[i].events & POLLIN) {
        if (pipe_read(p) < 0) return;
      }
      /* Try writing straight away: usually the other side can take it. */
      if (p->start < p->end || p->eof) {
        if (pipe_write(p) < 0) return;
      }
    }
  }
}

/* The child's whole life: connect to the target, relay, exit. */
static void serve_connection(const struct forward* f, int client) {
  tune_socket(client);
  const int target = connect_target(f);
  if (target < 0) {
    close(client); /* promptly: the client sees the connection end */
    _exit(0);
  }
  tune_socket(target);
  relay(client, target);
  close(target);
  close(client);
  _exit(0);
}

/* ------------------------------------------------------------------------ */
/* The accept loop                                                          */

/* Accepts every pending connection on f's socket, forking one child each.
 * Returns the milliseconds to pause before polling again (0 normally). */
static int accept_pending(struct forward* f, const sigset_t* child_mask) {
  for (;;) {
    const int client = accept4(f->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      /* Out of descriptors or memory: the connection stays queued and poll
       * would report it again at once, so back off instead of spinning. */
      log_line(":%d: accept: %s", f->listen_port, strerror(errno));
      return ACCEPT_BACKOFF_MS;
    }
    const pid_t pid = fork();
    if (pid == 0) {
      /* Child: drop the listeners, take the default signal dispositions back
       * (a Ctrl-C to the process group ends connections too), unblock them. */
      for (int i = 0; i < forward_count; ++i) close(forwards[i].fd);
      signal(SIGTERM, SIG_DFL);
      signal(SIGINT, SIG_DFL);
      signal(SIGCHLD, SIG_DFL);
      sigprocmask(SIG_SETMASK, child_mask, NULL);
      serve_connection(f, client);
    }
    if (pid < 0) log_line(":%d: fork: %s (connection dropped)", f->listen_port, strerror(errno));
    close(client);
    if (pid < 0) return ACCEPT_BACKOFF_MS;
  }
}

int main(int argc, char** argv) {
  if (argc < 3 || (argc - 1) % 2 != 0 || (argc - 1) / 2 > MAX_FORWARDS) {
    usage();
    return 2;
  }
  for (int i = 1; i < argc; i += 2) {
    struct forward* f = &forwards[forward_count];
    if (parse_forward(argv[i], argv[i + 1], f) < 0) {
      usage();
      return 2;
    }
    for (int j = 0; j < forward_count; ++j) {
      if (forwards[j].listen_port == f->listen_port) {
        fprintf(stderr, "stackctl-relay: listen port %d given twice\n", f->listen_port);
        usage();
        return 2;
      }
    }
    ++forward_count;
  }

  /* Signals: SIGTERM/SIGINT set a flag and are only delivered inside ppoll();
   * SIGCHLD ignored means children are reaped by the kernel; SIGPIPE ignored
   * (send uses MSG_NOSIGNAL anyway). */
  sigset_t stop_signals, original_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigprocmask(SIG_BLOCK, &stop_signals, &original_mask);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGCHLD, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  sigset_t poll_mask = original_mask; /* the mask while waiting: stop signals open */
  sigdelset(&poll_mask, SIGTERM);
  sigdelset(&poll_mask, SIGINT);

  for (int i = 0; i < forward_count; ++i) {
    forwards[i].fd = open_listener(forwards[i].listen_port);
    if (forwards[i].fd < 0) {
      log_line("cannot listen on 0.0.0.0:%d: %s", forwards[i].listen_port, strerror(errno));
      return 1;
    }
  }

  char list[4096] = "";
  size_t used = 0;
  for (int i = 0; i < forward_count && used < sizeof list; ++i) {
    const int n = snprintf(list + used, sizeof list - used, "%s0.0.0.0:%d -> %s", i ? ", " : "",
                           forwards[i].listen_port, forwards[i].target);
    if (n < 0) break;
    used += (size_t)n;
  }
  log_line("forwarding %s", list);

  struct pollfd pfd[MAX_FORWARDS];
  for (int i = 0; i < forward_count; ++i) pfd[i] = (struct pollfd){.fd = forwards[i].fd, .events = POLLIN};

  int pause_ms = 0;
  while (!stop_requested) {
    struct timespec pause = {.tv_sec = pause_ms / 1000, .tv_nsec = (long)(pause_ms % 1000) * 1000000L};
    if (pause_ms > 0) {
      /* Back-off: wait for nothing but the stop signals. */
      ppoll(NULL, 0, &pause, &poll_mask);
      pause_ms = 0;
      continue;
    }
    const int n = ppoll(pfd, (nfds_t)forward_count, NULL, &poll_mask);
    if (n < 0) {
      if (errno == EINTR) continue; /* a stop signal: the loop condition sees it */
      log_line("poll: %s", strerror(errno));
      return 1;
    }
    for (int i = 0; i < forward_count && !stop_requested; ++i) {
      if (pfd[i].revents == 0) continue;
      const int wait = accept_pending(&forwards[i], &original_mask);
      if (wait > pause_ms) pause_ms = wait;
    }
  }

  for (int i = 0; i < forward_count; ++i) close(forwards[i].fd);
  log_line("stopping (signal); connections in flight are not waited for");
  return 0;
}
