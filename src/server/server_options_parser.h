// mdld's command line and option file, named as mysqld names them.
//
//   --port=N --bind-address=ADDR --datadir=DIR --socket=PATH --max-connections=N
//   --root-password=PW --max-allowed-packet=N[K|M|G] --lock-wait-timeout=S
//   --innodb-lock-wait-timeout=S --innodb-flush-log-at-trx-commit=0|1|2
//   --http-port=N --http-bind-address=ADDR
//   --defaults-file=FILE --help --version
//
// Both "--opt=value" and "--opt value"; '_' and '-' are interchangeable in names. An option
// file has [mysqld] / [mdld] sections of "key=value" lines (other sections are skipped, '#'
// and ';' start comments); its values apply first, so the command line overrides them.
#ifndef SERVER_SERVER_OPTIONS_PARSER_H_
#define SERVER_SERVER_OPTIONS_PARSER_H_

#include <string>
#include <variant>
#include <vector>

#include "server/server_context.h"

namespace server {

struct CommandLine {
  ServerOptions options;
  // The HTTP diagnostics endpoint (src/server/http/): 0 disables it. Binds to loopback by
  // default, like --bind-address, because Basic authentication sends passwords in clear.
  int http_port = 0;
  std::string http_bind_address = "127.0.0.1";
  bool help = false;
  bool version = false;
};

// Parses `args` (without the program name). Returns the error text on failure
// ("unknown option '--foo'", "option '--port' requires a value", ...).
std::variant<CommandLine, std::string> ParseCommandLine(const std::vector<std::string>& args);

// The text printed by --help.
std::string UsageText(const std::string& program);

}  // namespace server

#endif  // SERVER_SERVER_OPTIONS_PARSER_H_
