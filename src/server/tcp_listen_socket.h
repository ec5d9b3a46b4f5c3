// Opening a listening TCP socket on a bind address and port, as --bind-address/--port and
// --http-bind-address/--http-port take them. Shared by the MySQL listener and the HTTP server.
#ifndef SERVER_TCP_LISTEN_SOCKET_H_
#define SERVER_TCP_LISTEN_SOCKET_H_

#include <cstdint>
#include <string>

namespace server {

struct TcpListenSocket {
  int fd = -1;        // close-on-exec, SO_REUSEADDR, listening
  uint16_t port = 0;  // the bound port (the kernel's choice when asked for port 0)
};

// `bind_address` is a numeric IPv4/IPv6 address or "*" (every address); `port` 0 picks a free
// one. On failure returns fd -1 and sets *error, naming the address with `option_name`
// ("bind-address", "http-bind-address") when it does not parse.
TcpListenSocket ListenTcp(const std::string& bind_address, uint16_t port, int backlog,
                          const std::string& option_name, std::string* error);

}  // namespace server

#endif  // SERVER_TCP_LISTEN_SOCKET_H_
