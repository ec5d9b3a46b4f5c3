#include "server/authenticator.h"

#include "server/native_password.h"

namespace server {

AuthOutcome Authenticate(const ServerContext& context, std::string_view user,
                         std::string_view token, std::string_view scramble,
                         const PeerAddress& peer) {
  AuthOutcome out;
  out.error = AccessDeniedError(user, peer.auth_host(), !token.empty());
  std::optional<Account> account = context.FindAccount(std::string(user));
  if (!account) return out;
  if (account->auth_string.empty() && !peer.loopback) return out;
  if (!VerifyNativePassword(token, scramble, account->auth_string)) return out;
  out.account = std::move(account);
  return out;
}

}  // namespace server
