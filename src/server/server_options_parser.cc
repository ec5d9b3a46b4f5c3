#include "server/server_options_parser.h"

#include <charconv>
#include <fstream>
#include <optional>

namespace server {
namespace {

std::string NormalizeName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  std::string out(s.substr(b, e - b + 1));
  if (out.size() >= 2 && (out.front() == '"' || out.front() == '\'') && out.back() == out.front()) {
    out = out.substr(1, out.size() - 2);
  }
  return out;
}

// Unsigned integer with an optional K/M/G suffix (as mysqld accepts for sizes).
std::optional<uint64_t> ParseSize(std::string_view text) {
  uint64_t value = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec != std::errc() || r.ptr == text.data()) return std::nullopt;
  std::string_view suffix(r.ptr, static_cast<size_t>(text.data() + text.size() - r.ptr));
  if (suffix.empty()) return value;
  if (suffix.size() != 1) return std::nullopt;
  switch (suffix[0]) {
    case 'k': case 'K': return value << 10;
    case 'm': case 'M': return value << 20;
    case 'g': case 'G': return value << 30;
    default: return std::nullopt;
  }
}

bool TakesValue(const std::string& name) { return name != "help" && name != "version"; }

// Applies one option. Returns an error text or "".
std::string Apply(CommandLine* cl, const std::string& name, const std::string& value) {
  ServerOptions& o = cl->options;
  auto number = [&](uint64_t max, auto* out) -> std::string {
    std::optional<uint64_t> v = ParseSize(value);
    if (!v || *v > max) return "invalid value '" + value + "' for option '--" + name + "'";
    *out = static_cast<std::remove_pointer_t<decltype(out)>>(*v);
    return "";
  };
  if (name == "port") return number(65535, &o.port);
  if (name == "bind-address") return o.bind_address = value, "";
  if (name == "datadir") return o.datadir = value, "";
  if (name == "socket") return o.socket = value, "";
  if (name == "max-connections") return number(100000, &o.max_connections);
  if (name == "root-password") return o.root_password = value, "";
  if (name == "max-allowed-packet") {
    // mysqld's range: 1 KiB .. 1 GiB.
    std::string err = number(1ull << 30, &o.max_allowed_packet);
    if (err.empty() && o.max_allowed_packet < 1024) return "invalid value '" + value + "' for option '--" + name + "'";
    return err;
  }
  if (name == "lock-wait-timeout") return number(31536000, &o.lock_wait_timeout);
  if (name == "innodb-lock-wait-timeout") return number(1073741824, &o.innodb_lock_wait_timeout);
  if (name == "innodb-flush-log-at-trx-commit") {
    uint32_t mode = 1;
    std::string err = number(2, &mode);
    o.sync_commit = mode == 1;
    return err;
  }
  if (name == "http-port") return number(65535, &cl->http_port);
  if (name == "http-bind-address") return cl->http_bind_address = value, "";
  if (name == "help") return cl->help = true, "";
  if (name == "version") return cl->version = true, "";
  return "unknown option '--" + name + "'";
}

std::string ApplyDefaultsFile(CommandLine* cl, const std::string& path) {
  std::ifstream in(path);
  if (!in) return "could not open option file '" + path + "'";
  std::string line;
  bool in_our_section = false;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text.front() == '[') {
      std::string section = Trim(std::string_view(text).substr(1, text.find(']') - 1));
      in_our_section = section == "mysqld" || section == "mdld";
      continue;
    }
    if (!in_our_section) continue;
    size_t eq = text.find('=');
    std::string name = NormalizeName(Trim(std::string_view(text).substr(0, eq)));
    std::string value = eq == std::string::npos ? "" : Trim(std::string_view(text).substr(eq + 1));
    if (name == "help" || name == "version" || name == "defaults-file") {
      return path + ":" + std::to_string(line_number) + ": option '" + name + "' not allowed here";
    }
    std::string err = Apply(cl, name, value);
    if (!err.empty()) return path + ":" + std::to_string(line_number) + ": " + err;
  }
  return "";
}

}  // namespace

std::variant<CommandLine, std::string> ParseCommandLine(const std::vector<std::string>& args) {
  struct Pending {
    std::string name, value;
  };
  std::vector<Pending> pending;
  std::string defaults_file;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) return "unexpected argument '" + arg + "'";
    size_t eq = arg.find('=');
    std::string name = NormalizeName(std::string_view(arg).substr(2, eq == std::string::npos ? std::string::npos : eq - 2));
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (TakesValue(name)) {
      if (i + 1 >= args.size()) return "option '--" + name + "' requires a value";
      value = args[++i];
    }
    if (name == "defaults-file") {
      defaults_file = value;
      continue;
    }
    pending.push_back({name, value});
  }
  CommandLine cl;
  if (!defaults_file.empty()) {
    std::string err = ApplyDefaultsFile(&cl, defaults_file);
    if (!err.empty()) return err;
  }
  for (const Pending& p : pending) {
    std::string err = Apply(&cl, p.name, p.value);
    if (!err.empty()) return err;
  }
  return cl;
}

std::string UsageText(const std::string& program) {
  return "Usage: " + program + " [OPTIONS]\n"
         "A MySQL-8.0-compatible server with MySQL's metadata locking.\n\n"
         "  --port=N                        TCP port (default 3306; 0 picks a free port)\n"
         "  --bind-address=ADDR             address to listen on (default 127.0.0.1; * for all)\n"
         "  --socket=PATH                   also listen on this unix socket\n"
         "  --datadir=DIR                   data directory (default ./data; created if missing)\n"
         "  --max-connections=N             client connections allowed (default 151)\n"
         "  --root-password=PW              password of 'root' (default: none, loopback only)\n"
         "  --max-allowed-packet=N[K|M|G]   largest packet accepted (default 64M)\n"
         "  --lock-wait-timeout=S           metadata lock wait timeout (default 31536000)\n"
         "  --innodb-lock-wait-timeout=S    row lock wait timeout (default 50)\n"
         "  --innodb-flush-log-at-trx-commit=0|1|2  1: fsync at commit (default)\n"
         "  --http-port=N                   serve /metrics and the wait-graph page (default 0: off)\n"
         "  --http-bind-address=ADDR        address of the HTTP endpoint (default 127.0.0.1)\n"
         "  --defaults-file=FILE            read [mysqld]/[mdld] options from FILE first\n"
         "  --help, --version\n";
}

}  // namespace server
