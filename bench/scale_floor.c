/* The floor under bench/scale.sh: the same probe traffic as N Hale checks (half TCP connects closed with a reset, half
 * HTTP GETs over 32 keep-alive connections, each every second) made by the simplest C loop (one thread, blocking
 * sockets, no scheduling, no results kept), and the CPU it costs. What the kernel charges for loopback connects and
 * exchanges is in this figure too, so Hale's CPU is best read against it. Built and run by bench/scale.sh.
 * Usage: scale_floor TCP_BASE TCP_COUNT HTTP_PORT CHECKS SECONDS [HTTP_PERCENT]   (prints "cpu_percent runs_per_second
 * failures"; HTTP_PERCENT, 50 unless given, is the share of HTTP probes as in bench/scale.sh) */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTIONS 32

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  return a;
}

static int tcp_probe(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct linger l = { 1, 0 };
  setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  struct sockaddr_in a = loopback(port);
  int ok = connect(s, (struct sockaddr *)&a, sizeof a) == 0;
  close(s);
  return ok;
}

static int http_connect(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(port);
  if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) { close(s); return -1; }
  return s;
}

/* One GET on a kept-alive connection; 1 when a 200 came back whole. */
static int http_probe(int s) {
  static const char request[] = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: floor\r\n\r\n";
  char buffer[4096];
  if (send(s, request, sizeof request - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof request - 1)) return 0;
  size_t have = 0;
  for (;;) {
    ssize_t n = recv(s, buffer + have, sizeof buffer - 1 - have, 0);
    if (n <= 0) return 0;
    have += n;
    buffer[have] = 0;
    char *end = strstr(buffer, "\r\n\r\n");
    if (!end) continue;
    char *length = strcasestr(buffer, "content-length:");
    size_t body = length ? strtoul(length + 15, NULL, 10) : 0;
    if (have >= (size_t)(end + 4 - buffer) + body) return strncmp(buffer, "HTTP/1.1 200", 12) == 0;
  }
}

int main(int argc, char **argv) {
  if (argc != 6 && argc != 7) { fprintf(stderr, "usage: %s TCP_BASE TCP_COUNT HTTP_PORT CHECKS SECONDS [HTTP_PERCENT]\n", argv[0]); return 2; }
  int tcp_base = atoi(argv[1]), tcp_count = atoi(argv[2]), http_port = atoi(argv[3]), checks = atoi(argv[4]);
  double seconds = atof(argv[5]);
  int http_percent = argc == 7 ? atoi(argv[6]) : 50;
  int connections[CONNECTIONS];
  for (int i = 0; i < CONNECTIONS; i++) connections[i] = http_connect(http_port);
  /* Ticks of 10 ms, each with a hundredth of a second's probes of each kind. */
  int http_per_tick = checks * http_percent / 100 / 100, tcp_per_tick = checks / 100 - http_per_tick;
  long runs = 0, failures = 0, tcp_next = 0, http_next = 0;
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  double start = now(), tick = start;
  while (now() - start < seconds) {
    for (int i = 0; i < tcp_per_tick; i++, runs++) failures += !tcp_probe(tcp_base + (int)(tcp_next++ % tcp_count));
    for (int i = 0; i < http_per_tick; i++, runs++) {
      int c = (int)(http_next++ % CONNECTIONS);
      if (connections[c] < 0 || !http_probe(connections[c])) {
        failures++;
        if (connections[c] >= 0) close(connections[c]);
        connections[c] = http_connect(http_port);
      }
    }
    tick += 0.01;
    double wait = tick - now();
    if (wait > 0) {
      struct timespec t = { 0, (long)(wait * 1e9) };
      nanosleep(&t, NULL);
    }
  }
  double elapsed = now() - start;
  getrusage(RUSAGE_SELF, &after);
  double cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6
             + (after.ru_stime.tv_sec - before.ru_stime.tv_sec) + (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  printf("%.1f %.0f %ld\n", cpu / elapsed * 100, runs / elapsed, failures);
  return 0;
}
