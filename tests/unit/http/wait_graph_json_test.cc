// The wait graph (diag/wait_graph.h) built from synthetic snapshots, and its JSON
// (diag/wait_graph_json.h) as GET /api/wait-graph serves it.
#include "diag/wait_graph_json.h"

#include <gtest/gtest.h>

#include "diag/wait_graph.h"
#include "seed_case.h"

namespace diag {
namespace {

using testing::MakeSeedCase;
using testing::Now;

// A strict JSON syntax check (RFC 8259), enough to prove the document parses.
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view s) : s_(s) {}
  bool Valid() {
    Space();
    if (!Value()) return false;
    Space();
    return i_ == s_.size();
  }

 private:
  bool Value() {
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{':
        return Composite('}', true);
      case '[':
        return Composite(']', false);
      case '"':
        return String();
      case 't':
        return Word("true");
      case 'f':
        return Word("false");
      case 'n':
        return Word("null");
      default:
        return Number();
    }
  }
  bool Composite(char close, bool object) {
    ++i_;
    Space();
    if (i_ < s_.size() && s_[i_] == close) return ++i_, true;
    while (true) {
      Space();
      if (object) {
        if (!String()) return false;
        Space();
        if (i_ >= s_.size() || s_[i_++] != ':') return false;
        Space();
      }
      if (!Value()) return false;
      Space();
      if (i_ >= s_.size()) return false;
      if (s_[i_] == close) return ++i_, true;
      if (s_[i_++] != ',') return false;
    }
  }
  bool String() {
    if (i_ >= s_.size() || s_[i_++] != '"') return false;
    while (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (i_ >= s_.size()) return false;
        const char e = s_[i_++];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_++])))
              return false;
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool Number() {
    const size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ > start && std::isdigit(static_cast<unsigned char>(s_[i_ - 1]));
  }
  bool Word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
      ++i_;
  }
  std::string_view s_;
  size_t i_ = 0;
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(WaitGraphTest, SeedCaseRootIsTheIdleTransactionAndEveryWaiterGetsKill10) {
  testing::SeedCase c = MakeSeedCase();
  const WaitGraph g = BuildWaitGraph(c.locks, c.sessions, Now());
  EXPECT_EQ(g.root_blockers, std::vector<uint64_t>({10}));
  ASSERT_EQ(g.sessions.size(), 4u);
  EXPECT_TRUE(g.sessions[0].root_blocker);
  EXPECT_TRUE(g.sessions[0].blocking);
  EXPECT_FALSE(g.sessions[0].waiting);
  EXPECT_EQ(g.sessions[0].trx_idle_secs, 55);
  EXPECT_TRUE(g.sessions[1].waiting && g.sessions[1].blocking && !g.sessions[1].root_blocker);
  EXPECT_EQ(g.sessions[1].trx_idle_secs, std::nullopt);  // running a statement
  ASSERT_EQ(g.waiters.size(), 3u);
  for (const WaitGraph::Waiter& w : g.waiters) {
    EXPECT_EQ(w.root_blockers, std::vector<uint64_t>({10})) << w.id;
    EXPECT_EQ(w.kill, "KILL 10") << w.id;
  }
  // pid 12: directly blocked by 11's pending X, and by root 10 through it.
  const WaitGraph::Waiter& w12 = g.waiters[1];
  EXPECT_EQ(w12.id, 12u);
  EXPECT_EQ(w12.waiting.type, mdl::LockType::kSharedRead);
  ASSERT_EQ(w12.blockers.size(), 2u);
  EXPECT_EQ(w12.blockers[0].blocker, 11u);
  EXPECT_TRUE(w12.blockers[0].direct);
  EXPECT_EQ(w12.blockers[1].blocker, 10u);
  EXPECT_TRUE(w12.blockers[1].root);
  EXPECT_EQ(w12.blockers[1].chain, std::vector<uint64_t>({12, 11, 10}));
  EXPECT_EQ(w12.blockers[1].state, "idle in transaction");
  EXPECT_EQ(w12.blockers[1].state_secs, 55);
}

TEST(WaitGraphJsonTest, SeedCaseDocumentIsValidJsonWithEdgesRootsAndExplanations) {
  testing::SeedCase c = MakeSeedCase();
  c.locks.taken_at = Now();
  c.locks.tickets[2].since = Now() - std::chrono::seconds(30);
  const std::string json = WaitGraphToJson(BuildWaitGraph(c.locks, c.sessions, Now()));
  EXPECT_TRUE(JsonChecker(json).Valid()) << json;
  EXPECT_EQ(json.rfind("{\"root_blockers\":[10],\"sessions\":[", 0), 0u) << json;
  EXPECT_TRUE(Contains(json,
                       "{\"id\":10,\"user\":\"root\",\"host\":\"localhost\",\"db\":\"scn\","
                       "\"command\":\"Sleep\",\"time\":55,\"state\":\"\",\"info\":null,"
                       "\"in_transaction\":true,\"trx_idle_secs\":55,\"waiting\":false,"
                       "\"blocking\":true,\"root_blocker\":true,\"kill\":\"KILL 10\"}"))
      << json;
  EXPECT_TRUE(Contains(json, "\"info\":\"ALTER TABLE sbtest2 ADD test3 INT\""));
  EXPECT_TRUE(Contains(json,
                       "{\"owner\":10,\"object\":\"TABLE `scn`.`sbtest2`\",\"namespace\":\"TABLE\","
                       "\"schema\":\"scn\",\"name\":\"sbtest2\",\"type\":\"SHARED_READ\","
                       "\"duration\":\"TRANSACTION\",\"status\":\"GRANTED\""))
      << json;
  EXPECT_TRUE(Contains(json,
                       "{\"waiter\":11,\"blocker\":10,\"object\":\"TABLE `scn`.`sbtest2`\","
                       "\"waiter_type\":\"EXCLUSIVE\",\"blocker_type\":\"SHARED_READ\","
                       "\"blocker_status\":\"GRANTED\"}"))
      << json;
  EXPECT_TRUE(Contains(json,
                       "{\"waiter\":12,\"blocker\":11,\"object\":\"TABLE `scn`.`sbtest2`\","
                       "\"waiter_type\":\"SHARED_READ\",\"blocker_type\":\"EXCLUSIVE\","
                       "\"blocker_status\":\"PENDING\"}"))
      << json;
  EXPECT_TRUE(
      Contains(json,
               "{\"id\":11,\"object\":\"TABLE `scn`.`sbtest2`\",\"type\":\"EXCLUSIVE\","
               "\"duration\":\"TRANSACTION\",\"wait_secs\":30,\"root_blockers\":[10],"
               "\"kill\":\"KILL 10\",\"blockers\":[{\"id\":10,\"direct\":true,"
               "\"root\":true,\"chain\":[11,10],\"state\":\"idle in transaction\","
               "\"state_secs\":55,\"explanation\":\"pid 10 holds SHARED_READ "
               "(TRANSACTION) on TABLE `scn`.`sbtest2`, which conflicts with the "
               "EXCLUSIVE lock pid 11 requests; pid 10 is idle in transaction for 55 s, "
               "last statement 'SELECT error FROM sbtest2' failed with ERROR 1054 "
               "(42S22): Unknown column 'error' in 'field list'.\",\"kill\":\"KILL 10\"}]}"))
      << json;
}

TEST(WaitGraphJsonTest, DeadlockInTheMakingHasNoRootAndNoKillSuggestion) {
  using mdl::LockDuration;
  using mdl::LockType;
  using mdl::TicketStatus;
  const mdl::LockKey a = mdl::LockKey::Table("d", "a");
  const mdl::LockKey b = mdl::LockKey::Table("d", "b");
  const auto a1 = testing::Ticket(1, 1, a, LockType::kSharedWrite, LockDuration::kTransaction,
                                  TicketStatus::kGranted);
  const auto b1 = testing::Ticket(2, 1, b, LockType::kExclusive, LockDuration::kTransaction,
                                  TicketStatus::kPending);
  const auto b2 = testing::Ticket(3, 2, b, LockType::kSharedWrite, LockDuration::kTransaction,
                                  TicketStatus::kGranted);
  const auto a2 = testing::Ticket(4, 2, a, LockType::kExclusive, LockDuration::kTransaction,
                                  TicketStatus::kPending);
  mdl::LockSnapshot locks;
  locks.tickets = {a1, b1, b2, a2};
  locks.edges = {testing::Edge(a2, a1), testing::Edge(b1, b2)};
  const std::vector<SessionSnapshot> sessions = {testing::Session(1), testing::Session(2)};
  const WaitGraph g = BuildWaitGraph(locks, sessions, Now());
  EXPECT_TRUE(g.root_blockers.empty());
  ASSERT_EQ(g.waiters.size(), 2u);
  EXPECT_EQ(g.waiters[0].kill, "");
  const std::string json = WaitGraphToJson(g);
  EXPECT_TRUE(JsonChecker(json).Valid()) << json;
  EXPECT_EQ(json.rfind("{\"root_blockers\":[],", 0), 0u);
  EXPECT_TRUE(Contains(json, "\"root_blockers\":[],\"kill\":null,"));
}

TEST(WaitGraphJsonTest, InvisibleSessionsAndTheirEdgesDropOut) {
  testing::SeedCase c = MakeSeedCase();
  // A reader who sees only the two SELECTs: no locks, edges or names of 10 and 11.
  const std::vector<SessionSnapshot> selects = {c.sessions[2], c.sessions[3]};
  const WaitGraph g = BuildWaitGraph(c.locks, selects, Now());
  EXPECT_TRUE(g.edges.empty());
  EXPECT_TRUE(g.waiters.empty());
  for (const mdl::TicketRow& t : g.locks) EXPECT_TRUE(t.owner_id == 12 || t.owner_id == 13);
  const std::string json = WaitGraphToJson(g);
  EXPECT_FALSE(Contains(json, "ALTER"));
  EXPECT_FALSE(Contains(json, "\"id\":10"));
}

TEST(WaitGraphJsonTest, EmptyGraph) {
  EXPECT_EQ(WaitGraphToJson(BuildWaitGraph({}, {}, Now())),
            "{\"root_blockers\":[],\"sessions\":[],\"locks\":[],\"edges\":[],\"waiters\":[]}");
}

TEST(WaitGraphJsonTest, StringsAreEscapedForJsonAndHtml) {
  EXPECT_EQ(JsonString("a\"b\\c\n\t\r"), "\"a\\\"b\\\\c\\n\\t\\r\"");
  EXPECT_EQ(JsonString("</script>&"), "\"\\u003c/script\\u003e\\u0026\"");
  EXPECT_EQ(JsonString(std::string("\x01\x7f", 2)), "\"\\u0001\\u007f\"");
  EXPECT_EQ(JsonString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  // Invalid UTF-8: a stray continuation byte, a truncated sequence, an overlong '/', a surrogate.
  EXPECT_EQ(JsonString("a\x80"
                       "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(JsonString("\xe2\x82"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonString("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(JsonString("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
}

TEST(WaitGraphJsonTest, SqlTextWithQuotesAndControlCharactersStaysValidJson) {
  testing::SeedCase c = MakeSeedCase();
  c.sessions[1].info = "ALTER TABLE `x\"y` COMMENT '\\\n</script>\xff'";
  const std::string json = WaitGraphToJson(BuildWaitGraph(c.locks, c.sessions, Now()));
  EXPECT_TRUE(JsonChecker(json).Valid()) << json;
  EXPECT_FALSE(Contains(json, "</script>"));
}

}  // namespace
}  // namespace diag
