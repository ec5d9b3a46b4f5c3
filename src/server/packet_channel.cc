#include "server/packet_channel.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "server/protocol_constants.h"

namespace server {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Growth step for a packet's buffer: bytes are reserved only as they arrive.
constexpr size_t kGrowthStep = 1 << 20;

enum class Wait { kReady, kTimedOut, kFailed };

// Waits for `events` on `fd`.
Wait WaitFor(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return Wait::kReady;  // readable, writable, hung up or errored: the I/O call tells
    if (n == 0) return Wait::kTimedOut;
    if (errno != EINTR) return Wait::kFailed;
  }
}

}  // namespace

PacketChannel::PacketChannel(int fd, uint64_t max_allowed_packet, ChannelTimeouts timeouts)
    : fd_(fd), max_allowed_packet_(max_allowed_packet), timeouts_(timeouts) {}

PacketChannel::Fill PacketChannel::FillBuffer(int wait_ms) {
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  switch (WaitFor(fd_, POLLIN, wait_ms)) {
    case Wait::kReady:
      break;
    case Wait::kTimedOut:
      return Fill::kTimedOut;
    case Wait::kFailed:
      return Fill::kFailed;
  }
  char buf[kReadChunk];
  for (;;) {
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n > 0) {
      in_.append(buf, static_cast<size_t>(n));
      return Fill::kOk;
    }
    if (n < 0 && errno == EINTR) continue;
    return Fill::kFailed;  // EOF or error
  }
}

PacketChannel::Fill PacketChannel::ReadExact(char* dst, size_t n, int first_wait_ms) {
  int wait = first_wait_ms;
  bool consumed = false;
  while (n > 0) {
    if (in_pos_ == in_.size()) {
      const Fill f = FillBuffer(wait);
      if (f == Fill::kTimedOut && !consumed) return Fill::kTimedOut;
      if (f != Fill::kOk) return Fill::kFailed;
    }
    consumed = true;
    size_t take = std::min(n, in_.size() - in_pos_);
    std::copy_n(in_.data() + in_pos_, take, dst);
    in_pos_ += take;
    dst += take;
    n -= take;
    wait = timeouts_.read_ms;
  }
  return Fill::kOk;
}

ReadResult PacketChannel::ReadPacket(std::string* payload, int wait_ms) {
  payload->clear();
  int wait = wait_ms;
  for (bool first_chunk = true;; first_chunk = false) {
    unsigned char header[4];
    const Fill f = ReadExact(reinterpret_cast<char*>(header), 4, wait);
    if (f == Fill::kTimedOut && first_chunk) return ReadResult::kTimedOut;
    if (f != Fill::kOk) return ReadResult::kClosed;
    wait = timeouts_.read_ms;
    const uint32_t length = header[0] | (header[1] << 8) | (header[2] << 16);
    const uint8_t seq = header[3];
    if (seq != sequence_) {
      sequence_ = static_cast<uint8_t>(seq + 1);
      return ReadResult::kOutOfOrder;
    }
    sequence_ = static_cast<uint8_t>(sequence_ + 1);
    if (payload->size() + length > max_allowed_packet_) return ReadResult::kTooLarge;
    size_t remaining = length;
    while (remaining > 0) {
      const size_t step = std::min(remaining, kGrowthStep);
      const size_t old_size = payload->size();
      payload->resize(old_size + step);
      if (ReadExact(payload->data() + old_size, step, timeouts_.read_ms) != Fill::kOk) {
        return ReadResult::kClosed;
      }
      remaining -= step;
    }
    if (length < kMaxPacketChunk) return ReadResult::kOk;
  }
}

void PacketChannel::QueuePacket(std::string_view payload) {
  size_t pos = 0;
  for (;;) {
    const size_t chunk = std::min<size_t>(payload.size() - pos, kMaxPacketChunk);
    out_.push_back(static_cast<char>(chunk & 0xFF));
    out_.push_back(static_cast<char>((chunk >> 8) & 0xFF));
    out_.push_back(static_cast<char>((chunk >> 16) & 0xFF));
    out_.push_back(static_cast<char>(sequence_));
    sequence_ = static_cast<uint8_t>(sequence_ + 1);
    out_.append(payload.data() + pos, chunk);
    pos += chunk;
    // A chunk of exactly 0xFFFFFF bytes says "more follows", so a payload whose size is a
    // multiple of it ends with an empty chunk.
    if (chunk < kMaxPacketChunk) break;
  }
}

void PacketChannel::DrainBeforeClose(size_t max_bytes, int timeout_ms) {
  ::shutdown(fd_, SHUT_WR);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t drained = 0;
  char buf[kReadChunk];
  while (drained < max_bytes) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0 || WaitFor(fd_, POLLIN, static_cast<int>(left)) != Wait::kReady) return;
    ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    drained += static_cast<size_t>(n);
  }
}

bool PacketChannel::Flush() {
  size_t sent = 0;
  bool ok = true;
  while (sent < out_.size()) {
    ssize_t n = ::send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // EAGAIN: SO_SNDTIMEO (set to write_ms by the connection) expired: the peer stopped
    // reading, so give up on it.
    ok = false;
    break;
  }
  out_.clear();
  return ok;
}

}  // namespace server
