// Who is on the other end of a socket, for account checks and the processlist.
#ifndef SERVER_PEER_ADDRESS_H_
#define SERVER_PEER_ADDRESS_H_

#include <sys/socket.h>

#include <string>

namespace server {

struct PeerAddress {
  bool loopback = false;    // 127.0.0.0/8, ::1, ::ffff:127.x.x.x or a unix socket
  std::string ip;           // textual address; empty for a unix socket
  int port = 0;
  // The host in "Access denied for user 'u'@'host'": "localhost" for loopback, else the IP.
  std::string auth_host() const { return loopback ? "localhost" : ip; }
  // The processlist Host column: "localhost" for loopback, else "ip:port".
  std::string display_host() const {
    return loopback ? "localhost" : ip + ":" + std::to_string(port);
  }
};

PeerAddress DescribePeer(const sockaddr* addr, socklen_t len);

}  // namespace server

#endif  // SERVER_PEER_ADDRESS_H_
