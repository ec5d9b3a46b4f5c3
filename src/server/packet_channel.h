// Framing of MySQL packets over a connected socket.
//
// Every packet is a 4-byte header (payload length u24, sequence id u8) and the payload. A
// payload of 0xFFFFFF bytes or more is split into 0xFFFFFF-byte chunks, the last one shorter
// (possibly empty); the sequence id increases by one per chunk, across the whole exchange of
// one command, and restarts at 0 with each new command from the client.
//
// Robustness: the claimed length of an incoming packet is checked against
// max_allowed_packet before anything is allocated, and the buffer then grows only as bytes
// actually arrive, so a header claiming 16 MiB from a client that sends nothing costs nothing.
// Every read and write has a deadline (poll), so a client that stalls cannot hold a thread
// forever.
//
// Thread safety: used by the connection thread only. The socket may be shut down by another
// thread (KILL, server shutdown); pending reads then fail with kClosed.
#ifndef SERVER_PACKET_CHANNEL_H_
#define SERVER_PACKET_CHANNEL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace server {

struct ChannelTimeouts {
  int connect_ms = 10'000;           // connect_timeout: the whole handshake response
  // (wait_timeout, between commands, is a session variable: Connection reads it per command.)
  int read_ms = 30'000;              // net_read_timeout: inside a packet
  int write_ms = 60'000;             // net_write_timeout
};

enum class ReadResult {
  kOk,
  kClosed,      // EOF, socket error or timeout inside a packet: the peer is gone or too slow
  kTimedOut,    // no byte arrived within `wait_ms` (nothing consumed; the caller may retry)
  kTooLarge,    // the packet exceeds max_allowed_packet (ERR 1153, then close)
  kOutOfOrder,  // unexpected sequence id (ERR 1156, then close)
};

class PacketChannel {
 public:
  // Does not take ownership of `fd`.
  PacketChannel(int fd, uint64_t max_allowed_packet, ChannelTimeouts timeouts);
  PacketChannel(const PacketChannel&) = delete;
  PacketChannel& operator=(const PacketChannel&) = delete;

  // Reads one logical packet, joining split chunks. `wait_ms` bounds the wait for its first
  // byte (idle vs. in-exchange); later bytes use read_ms.
  ReadResult ReadPacket(std::string* payload, int wait_ms);

  // Frames `payload` with the next sequence ids into the output buffer.
  void QueuePacket(std::string_view payload);
  // Sends everything queued. False if the peer is gone or the write timed out.
  bool Flush();
  bool WritePacket(std::string_view payload) {
    QueuePacket(payload);
    return Flush();
  }
  // Bytes queued and not yet flushed; callers flush past a threshold to bound memory.
  size_t queued_bytes() const { return out_.size(); }

  // Before closing after a protocol error: stops sending (the ERR already flushed stays
  // deliverable) and discards what the peer still sends, until EOF, `max_bytes` or
  // `timeout_ms`. Closing with unread input would make the kernel send RST, which can destroy
  // the ERR before the client reads it.
  void DrainBeforeClose(size_t max_bytes, int timeout_ms);

  // A new command starts: the client's packet is sequence 0.
  void ResetSequence() { sequence_ = 0; }
  uint8_t sequence() const { return sequence_; }

  void set_max_allowed_packet(uint64_t n) { max_allowed_packet_ = n; }
  const ChannelTimeouts& timeouts() const { return timeouts_; }
  // net_read_timeout changed: later reads inside a packet wait this long. (The write
  // timeout is the socket's SO_SNDTIMEO, which the connection sets.)
  void set_read_ms(int read_ms) { timeouts_.read_ms = read_ms; }

 private:
  enum class Fill { kOk, kTimedOut, kFailed };
  // Fills `dst` with exactly `n` bytes. The first byte waits up to `first_wait_ms`;
  // kTimedOut only if no byte was consumed.
  Fill ReadExact(char* dst, size_t n, int first_wait_ms);
  Fill FillBuffer(int wait_ms);

  const int fd_;
  uint64_t max_allowed_packet_;
  ChannelTimeouts timeouts_;
  uint8_t sequence_ = 0;
  std::string in_;         // received, not yet consumed bytes: in_[in_pos_, in_.size())
  size_t in_pos_ = 0;
  std::string out_;
};

}  // namespace server

#endif  // SERVER_PACKET_CHANNEL_H_
