// What Glibc does not export to Swift: epoll, accept4, eventfd, and errno-free helpers.
#ifndef CSLUICE_SYSTEM_H
#define CSLUICE_SYSTEM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <unistd.h>

static inline int csluice_epoll_create1(int flags) { return epoll_create1(flags); }
static inline int csluice_epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) {
    return epoll_ctl(epfd, op, fd, event);
}
static inline int csluice_epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
    return epoll_wait(epfd, events, maxevents, timeout);
}
// Declared here because Glibc hides it behind _GNU_SOURCE, which would split the module.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

static inline int csluice_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}
static inline int csluice_eventfd(unsigned int initval, int flags) { return eventfd(initval, flags); }

#endif
