// A minimal blocking MySQL protocol client for end-to-end tests of the protocol layer.
// Every read has a 10-second deadline so that a server bug fails the test instead of
// hanging it. Not thread-safe; one per test thread.
#ifndef TESTS_UNIT_SERVER_TEST_CLIENT_H_
#define TESTS_UNIT_SERVER_TEST_CLIENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace server::testing {

struct Packet {
  uint8_t sequence = 0;
  std::string payload;
  uint8_t first() const { return payload.empty() ? 0 : static_cast<uint8_t>(payload[0]); }
};

struct ResultSet {
  std::vector<std::string> column_defs;
  std::vector<std::string> rows;
  Packet terminator;  // EOF or OK-as-EOF
};

struct LoginOptions {
  std::string user = "root";
  std::string password = "secret";
  std::string database;
  std::string plugin = "mysql_native_password";
  uint32_t capabilities;  // defaults set in the constructor
  LoginOptions();
};

class TestClient {
 public:
  ~TestClient();
  // Connects to 127.0.0.1:port; nullptr on failure.
  static std::unique_ptr<TestClient> Connect(int port);

  bool SendRaw(const std::string& bytes);
  bool SendPacket(const std::string& payload, uint8_t sequence);
  // A command: sequence 0.
  bool SendCommand(uint8_t command, const std::string& body = "") {
    return SendPacket(std::string(1, static_cast<char>(command)) + body, 0);
  }
  // nullopt on EOF, error or timeout.
  std::optional<Packet> ReadPacket();
  // True if the server closed the connection (EOF within the deadline).
  bool WaitForClose();

  // Reads the greeting and sends the response; returns the server's final answer (OK or ERR,
  // after answering an AuthSwitchRequest if one comes). `greeting` receives the handshake.
  std::optional<Packet> Login(const LoginOptions& options, Packet* greeting = nullptr);
  // Reads a result-set response after a command, given whether DEPRECATE_EOF was negotiated.
  std::optional<ResultSet> ReadResultSet(bool deprecate_eof);

  // Scramble of the last greeting.
  const std::string& scramble() const { return scramble_; }

 private:
  explicit TestClient(int fd) : fd_(fd) {}
  bool ReadExact(char* dst, size_t n);

  int fd_;
  std::string scramble_;
};

// Builds a HandshakeResponse41.
std::string HandshakeResponsePayload(const LoginOptions& options, const std::string& token);

}  // namespace server::testing

#endif  // TESTS_UNIT_SERVER_TEST_CLIENT_H_
