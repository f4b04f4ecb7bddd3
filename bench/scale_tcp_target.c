/* TCP targets for bench/scale.sh: listens on 127.0.0.1, ports BASE..BASE+COUNT-1, accepts every connection and closes it
 * at once; one thread, epoll. Prints "ready" once all listen; runs until killed. Built by bench/scale.sh with cc.
 * (Python accept loops fell behind 5,000 connections a second on a loaded 2-core machine: their backlog filled and the
 * probes timed out, which measured the target, not Hale.)
 * Usage: scale_tcp_target BASE COUNT */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s BASE COUNT\n", argv[0]); return 2; }
  int base = atoi(argv[1]), count = atoi(argv[2]);
  int ep = epoll_create1(0);
  for (int i = 0; i < count; i++) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(base + i), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4096)) { perror("bind/listen"); return 1; }
    struct epoll_event e = { .events = EPOLLIN, .data.fd = s };
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &e);
  }
  printf("ready\n");
  fflush(stdout);
  struct epoll_event events[64];
  for (;;) {
    int n = epoll_wait(ep, events, 64, -1);
    for (int i = 0; i < n; i++) {
      int c;
      while ((c = accept(events[i].data.fd, NULL, NULL)) >= 0) close(c);
    }
  }
}
