#include "server/peer_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace server {

PeerAddress DescribePeer(const sockaddr* addr, socklen_t len) {
  PeerAddress peer;
  if (addr == nullptr || len < static_cast<socklen_t>(sizeof(sa_family_t))) return peer;
  char text[INET6_ADDRSTRLEN] = {0};
  switch (addr->sa_family) {
    case AF_UNIX:
      peer.loopback = true;
      break;
    case AF_INET: {
      if (len < static_cast<socklen_t>(sizeof(sockaddr_in))) break;
      const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
      peer.loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
      inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
      peer.ip = text;
      peer.port = ntohs(in->sin_port);
      break;
    }
    case AF_INET6: {
      if (len < static_cast<socklen_t>(sizeof(sockaddr_in6))) break;
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
      const uint8_t* b = in6->sin6_addr.s6_addr;
      if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr)) peer.loopback = true;
      if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && b[12] == 127) peer.loopback = true;
      inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
      peer.ip = text;
      peer.port = ntohs(in6->sin6_port);
      break;
    }
    default:
      break;
  }
  return peer;
}

}  // namespace server
