// The account check of the connection phase and COM_CHANGE_USER, without I/O.
#ifndef SERVER_AUTHENTICATOR_H_
#define SERVER_AUTHENTICATOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "server/mysql_error.h"
#include "server/peer_address.h"
#include "server/server_context.h"

namespace server {

struct AuthOutcome {
  std::optional<Account> account;  // set on success
  MysqlError error;                // 1045 on failure
};

// Checks `token` (the client's mysql_native_password answer to `scramble`) for `user`.
// Unknown users and wrong passwords get the same 1045, so that the reply does not tell
// which users exist. An account without a password is accepted only from loopback.
AuthOutcome Authenticate(const ServerContext& context, std::string_view user,
                         std::string_view token, std::string_view scramble,
                         const PeerAddress& peer);

}  // namespace server

#endif  // SERVER_AUTHENTICATOR_H_
