// Linux system interfaces the Glibc module does not export to Swift (epoll, SO_PEERCRED).
#ifndef KIS41_CSYSTEM_H
#define KIS41_CSYSTEM_H
#include <sys/epoll.h>
#include <sys/types.h>

/// The uid of the peer of a Unix-domain socket (SO_PEERCRED); returns 0 or -1 with errno set.
int csystem_peer_uid(int fd, uid_t *uid);
#endif
