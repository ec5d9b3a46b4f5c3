#include "server/packet_channel.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace server {
namespace {

// A connected socket pair: `server` is wrapped by the channel, the test drives `client`.
class PacketChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0);
    ChannelTimeouts t;
    t.read_ms = 2000;
    channel_ = std::make_unique<PacketChannel>(fds_[0], 1 << 26, t);
  }
  void TearDown() override {
    channel_.reset();
    ::close(fds_[0]);
    if (fds_[1] >= 0) ::close(fds_[1]);
  }
  void ClientSend(const std::string& bytes) {
    ASSERT_EQ(::send(fds_[1], bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  }
  std::string ClientReceive(size_t n) {
    std::string out(n, '\0');
    size_t got = 0;
    while (got < n) {
      ssize_t r = ::recv(fds_[1], out.data() + got, n - got, 0);
      if (r <= 0) break;
      got += static_cast<size_t>(r);
    }
    out.resize(got);
    return out;
  }
  static std::string Header(uint32_t len, uint8_t seq) {
    return std::string{static_cast<char>(len & 0xFF), static_cast<char>((len >> 8) & 0xFF),
                       static_cast<char>((len >> 16) & 0xFF), static_cast<char>(seq)};
  }

  int fds_[2] = {-1, -1};
  std::unique_ptr<PacketChannel> channel_;
};

TEST_F(PacketChannelTest, ReadsOnePacketAndAdvancesSequence) {
  ClientSend(Header(3, 0) + "abc");
  std::string payload;
  ASSERT_EQ(channel_->ReadPacket(&payload, 1000), ReadResult::kOk);
  EXPECT_EQ(payload, "abc");
  EXPECT_EQ(channel_->sequence(), 1);
}

TEST_F(PacketChannelTest, WrongSequenceIsOutOfOrder) {
  ClientSend(Header(1, 5) + "x");
  std::string payload;
  EXPECT_EQ(channel_->ReadPacket(&payload, 1000), ReadResult::kOutOfOrder);
}

TEST_F(PacketChannelTest, OversizeClaimIsRejectedBeforeReadingThePayload) {
  channel_->set_max_allowed_packet(1024);
  ClientSend(Header(2000, 0));  // no payload follows: the claim alone must be rejected
  std::string payload;
  EXPECT_EQ(channel_->ReadPacket(&payload, 1000), ReadResult::kTooLarge);
  EXPECT_LT(payload.capacity(), 2000u);
}

TEST_F(PacketChannelTest, TruncatedPacketThenCloseIsClosed) {
  ClientSend(Header(0xFFFFFF, 0) + "only a few bytes");
  ::shutdown(fds_[1], SHUT_WR);
  std::string payload;
  EXPECT_EQ(channel_->ReadPacket(&payload, 1000), ReadResult::kClosed);
}

TEST_F(PacketChannelTest, IdleTimeoutIsTimedOutAndConsumesNothing) {
  std::string payload;
  EXPECT_EQ(channel_->ReadPacket(&payload, 50), ReadResult::kTimedOut);
  // Nothing was consumed: a packet arriving later is read normally (wait_timeout retries).
  ClientSend(Header(3, 0) + "abc");
  ASSERT_EQ(channel_->ReadPacket(&payload, 1000), ReadResult::kOk);
  EXPECT_EQ(payload, "abc");
}

TEST_F(PacketChannelTest, StallInsideAPacketIsClosedNotTimedOut) {
  ChannelTimeouts t;
  t.read_ms = 50;
  PacketChannel channel(fds_[0], 1 << 26, t);
  ClientSend(Header(10, 0) + "abc");  // 7 bytes never come
  std::string payload;
  EXPECT_EQ(channel.ReadPacket(&payload, 1000), ReadResult::kClosed);
}

TEST_F(PacketChannelTest, JoinsSplitPacketsAcrossTheSixteenMebibyteBoundary) {
  const std::string big(0xFFFFFF + 10, 'q');
  std::thread sender([&] {
    ClientSend(Header(0xFFFFFF, 0) + big.substr(0, 0xFFFFFF) + Header(10, 1) + big.substr(0xFFFFFF));
  });
  std::string payload;
  EXPECT_EQ(channel_->ReadPacket(&payload, 5000), ReadResult::kOk);
  sender.join();
  EXPECT_EQ(payload.size(), big.size());
  EXPECT_EQ(payload, big);
  EXPECT_EQ(channel_->sequence(), 2);
}

TEST_F(PacketChannelTest, ExactMultipleOfChunkEndsWithEmptyPacket) {
  const std::string big(0xFFFFFF, 'z');
  std::string received;
  std::thread reader([&] { received = ClientReceive(4 + 0xFFFFFF + 4); });
  ASSERT_TRUE(channel_->WritePacket(big));
  reader.join();
  ASSERT_EQ(received.size(), 4u + 0xFFFFFF + 4);
  EXPECT_EQ(received.substr(0, 4), Header(0xFFFFFF, 0));
  EXPECT_EQ(received.substr(4 + 0xFFFFFF), Header(0, 1));
}

TEST_F(PacketChannelTest, WritesUseConsecutiveSequenceIds) {
  channel_->ResetSequence();
  channel_->QueuePacket("a");
  channel_->QueuePacket("bc");
  ASSERT_TRUE(channel_->Flush());
  EXPECT_EQ(ClientReceive(11), Header(1, 0) + "a" + Header(2, 1) + "bc");
}

TEST_F(PacketChannelTest, WriteToClosedPeerFails) {
  ::close(fds_[1]);
  fds_[1] = -1;
  EXPECT_FALSE(channel_->WritePacket("hello"));
}

}  // namespace
}  // namespace server
