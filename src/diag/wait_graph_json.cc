#include "diag/wait_graph_json.h"

#include <cstdio>

namespace diag {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = 0;
  uint32_t min = 0;
  uint32_t cp = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

class JsonWriter {
 public:
  std::string Take() { return std::move(out_); }

  void BeginObject() { Value("{"), first_ = true; }
  void EndObject() { out_ += '}', first_ = false; }
  void BeginArray() { Value("["), first_ = true; }
  void EndArray() { out_ += ']', first_ = false; }
  void Key(std::string_view k) {
    Separate();
    out_ += JsonString(k);
    out_ += ':';
    after_key_ = true;
  }
  void String(std::string_view v) { Value(JsonString(v)); }
  void StringOrNull(std::string_view v) { v.empty() ? Null() : String(v); }
  void Int(int64_t v) { Value(std::to_string(v)); }
  void UInt(uint64_t v) { Value(std::to_string(v)); }
  void Bool(bool v) { Value(v ? "true" : "false"); }
  void Null() { Value("null"); }
  void Ids(const std::vector<uint64_t>& ids) {
    BeginArray();
    for (uint64_t id : ids) UInt(id);
    EndArray();
  }

 private:
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void Value(std::string_view text) {
    if (after_key_) {
      after_key_ = false;
    } else {
      Separate();
    }
    out_ += text;
  }

  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

void WriteSession(JsonWriter& w, const WaitGraph::Session& s) {
  const SessionSnapshot& p = s.snapshot;
  w.BeginObject();
  w.Key("id"), w.UInt(p.id);
  w.Key("user"), w.String(p.user);
  w.Key("host"), w.String(p.host);
  w.Key("db"), w.StringOrNull(p.db);
  w.Key("command"), w.String(p.command);
  w.Key("time"), w.Int(s.time_secs);
  w.Key("state"), w.String(p.state);
  w.Key("info");
  p.info ? w.String(*p.info) : w.Null();
  w.Key("in_transaction"), w.Bool(p.in_transaction);
  w.Key("trx_idle_secs");
  s.trx_idle_secs ? w.Int(*s.trx_idle_secs) : w.Null();
  w.Key("waiting"), w.Bool(s.waiting);
  w.Key("blocking"), w.Bool(s.blocking);
  w.Key("root_blocker"), w.Bool(s.root_blocker);
  w.Key("kill"), w.String("KILL " + std::to_string(p.id));
  w.EndObject();
}

void WriteLock(JsonWriter& w, const mdl::TicketRow& t,
               std::chrono::steady_clock::time_point taken_at) {
  w.BeginObject();
  w.Key("owner"), w.UInt(t.owner_id);
  w.Key("object"), w.String(DescribeLockObject(t.key));
  w.Key("namespace"), w.String(mdl::ToString(t.key.name_space()));
  w.Key("schema"), w.StringOrNull(t.key.schema_name());
  w.Key("name"), w.StringOrNull(t.key.object_name());
  w.Key("type"), w.String(mdl::ToString(t.type));
  w.Key("duration"), w.String(mdl::ToString(t.duration));
  w.Key("status"), w.String(mdl::ToString(t.status));
  w.Key("age_secs"), w.Int(ElapsedSeconds(t.since, taken_at));
  w.EndObject();
}

void WriteEdge(JsonWriter& w, const mdl::WaitEdge& e) {
  w.BeginObject();
  w.Key("waiter"), w.UInt(e.waiter);
  w.Key("blocker"), w.UInt(e.blocker);
  w.Key("object"), w.String(DescribeLockObject(e.key));
  w.Key("waiter_type"), w.String(mdl::ToString(e.waiter_type));
  w.Key("blocker_type"), w.String(mdl::ToString(e.blocker_type));
  w.Key("blocker_status"), w.String(e.blocker_granted ? "GRANTED" : "PENDING");
  w.EndObject();
}

void WriteWaiter(JsonWriter& w, const WaitGraph::Waiter& x) {
  w.BeginObject();
  w.Key("id"), w.UInt(x.id);
  w.Key("object"), w.String(DescribeLockObject(x.waiting.key));
  w.Key("type"), w.String(mdl::ToString(x.waiting.type));
  w.Key("duration"), w.String(mdl::ToString(x.waiting.duration));
  w.Key("wait_secs"), w.Int(x.wait_secs);
  w.Key("root_blockers"), w.Ids(x.root_blockers);
  w.Key("kill"), w.StringOrNull(x.kill);
  w.Key("blockers");
  w.BeginArray();
  for (const BlockerExplanation& b : x.blockers) {
    w.BeginObject();
    w.Key("id"), w.UInt(b.blocker);
    w.Key("direct"), w.Bool(b.direct);
    w.Key("root"), w.Bool(b.root);
    w.Key("chain"), w.Ids(b.chain);
    w.Key("state"), w.String(b.state);
    w.Key("state_secs"), w.Int(b.state_secs);
    w.Key("explanation"), w.String(b.explanation);
    w.Key("kill"), w.String(b.kill);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string JsonString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s, i, n);
      i += n;
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string WaitGraphToJson(const WaitGraph& graph) {
  JsonWriter w;
  w.BeginObject();
  w.Key("root_blockers"), w.Ids(graph.root_blockers);
  w.Key("sessions");
  w.BeginArray();
  for (const WaitGraph::Session& s : graph.sessions) WriteSession(w, s);
  w.EndArray();
  w.Key("locks");
  w.BeginArray();
  for (const mdl::TicketRow& t : graph.locks) WriteLock(w, t, graph.taken_at);
  w.EndArray();
  w.Key("edges");
  w.BeginArray();
  for (const mdl::WaitEdge& e : graph.edges) WriteEdge(w, e);
  w.EndArray();
  w.Key("waiters");
  w.BeginArray();
  for (const WaitGraph::Waiter& x : graph.waiters) WriteWaiter(w, x);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace diag
