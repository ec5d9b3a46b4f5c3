// HTTP Basic authentication (RFC 7617) against mdld's accounts, and the privilege the
// wait-graph page and API demand.
//
// Accounts are the MySQL protocol's: the server stores SHA1(SHA1(password))
// (mysql_native_password, Account::auth_string), so a clear-text Basic password is checked by
// hashing it twice and comparing in constant time. An account without a password is accepted
// only from a loopback peer, the MySQL protocol's rule (authenticator.h). The account must
// hold PROCESS or SUPER globally, since the page shows every session's statements.
//
// Basic sends the password in clear text (base64): the endpoint binds to loopback by
// default, and docs/diagnostics.md says so.
//
// Thread safety: pure functions.
#ifndef SERVER_HTTP_BASIC_AUTH_H_
#define SERVER_HTTP_BASIC_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

namespace server::http {

struct BasicCredentials {
  std::string user;
  std::string password;
};

// Standard base64 (RFC 4648 §4) with padding; nullopt on any malformed input.
std::optional<std::string> DecodeBase64(std::string_view text);

// The credentials of an "Authorization: Basic <base64(user:password)>" value; the scheme is
// case-insensitive. nullopt if it is not Basic or is malformed (no ':' after decoding).
std::optional<BasicCredentials> ParseBasicAuthorization(std::string_view header_value);

// What authentication needs to know about an account.
struct HttpAccount {
  std::string auth_string;         // SHA1(SHA1(password)) raw bytes; empty: no password
  bool may_see_processes = false;  // holds PROCESS or SUPER globally
};

enum class AuthDecision {
  kAllowed,
  kUnauthenticated,  // 401: no, malformed or wrong credentials, or unknown user
  kForbidden,        // 403: authenticated, but lacks PROCESS/SUPER
};

// True if the Host header value names this machine's loopback interface: "localhost" or a
// name under ".localhost", 127.x.y.z or [::1], with or without a port; also true for a
// request without Host (HTTP/1.0 tools; browsers always send one). A web page that an attacker
// rebinds to 127.0.0.1 (DNS rebinding) reaches the server under the attacker's host name, so
// this tells a local tool from a remote page that borrows the local browser.
bool IsLoopbackHost(std::optional<std::string_view> host);

// Checks `password` against `account` (nullopt: no such user) for a peer that is or is not on
// loopback (for the passwordless rule: callers also require IsLoopbackHost).
AuthDecision CheckCredentials(const std::optional<HttpAccount>& account, std::string_view password,
                              bool peer_loopback);

}  // namespace server::http

#endif  // SERVER_HTTP_BASIC_AUTH_H_
