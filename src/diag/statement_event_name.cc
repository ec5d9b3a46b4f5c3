#include "diag/statement_event_name.h"

#include <cctype>
#include <vector>

#include "base/ascii.h"

namespace diag {
namespace {

// The statement's words, upper-cased, with comments, quoted strings and punctuation dropped
// (a '(' is kept as its own word: "INSERT ... (SELECT" and "(SELECT ...)" need it).
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else if (c == '#' || (c == '-' && s.substr(i, 3) == "-- ")) {
      const size_t end = s.find('\n', i);
      i = end == std::string_view::npos ? s.size() : end + 1;
    } else if (c == '\'' || c == '"' || c == '`') {
      const size_t end = s.find(c, i + 1);
      i = end == std::string_view::npos ? s.size() : end + 1;
      if (c == '`') words.emplace_back("`");  // an identifier, never a keyword
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      std::string w;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                              s[i] == '$')) {
        w += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
        ++i;
      }
      words.push_back(std::move(w));
    } else {
      if (c == '(' || c == ',') words.emplace_back(1, c);
      ++i;
    }
  }
  return words;
}

bool Contains(const std::vector<std::string>& w, size_t from, std::string_view word) {
  for (size_t i = from; i < w.size(); ++i) {
    if (w[i] == word) return true;
  }
  return false;
}

// SQLCOM name of the statement whose words start at w[i].
std::string Command(const std::vector<std::string>& w, size_t i) {
  auto at = [&](size_t k) -> std::string_view {
    return i + k < w.size() ? std::string_view(w[i + k]) : std::string_view();
  };
  const std::string_view first = at(0);
  if (first == "(" ) return Command(w, i + 1);
  if (first == "SELECT" || first == "WITH" || first == "TABLE" || first == "VALUES") return "select";
  if (first == "INSERT" || first == "REPLACE") {
    const std::string base = first == "INSERT" ? "insert" : "replace";
    return Contains(w, i + 1, "SELECT") || Contains(w, i + 1, "TABLE") ? base + "_select" : base;
  }
  if (first == "UPDATE") {
    for (size_t k = i + 1; k < w.size() && w[k] != "SET"; ++k) {
      if (w[k] == "," || w[k] == "JOIN") return "update_multi";
    }
    return "update";
  }
  if (first == "DELETE") {
    size_t k = i + 1;
    while (k < w.size() && (w[k] == "LOW_PRIORITY" || w[k] == "QUICK" || w[k] == "IGNORE")) ++k;
    if (k < w.size() && w[k] != "FROM") return "delete_multi";  // DELETE t1, t2 FROM ...
    return Contains(w, k, "USING") || Contains(w, k, "JOIN") ? "delete_multi" : "delete";
  }
  if (first == "CREATE" || first == "DROP" || first == "ALTER") {
    size_t k = 1;
    while (at(k) == "TEMPORARY" || at(k) == "UNIQUE" || at(k) == "FULLTEXT" ||
           at(k) == "SPATIAL" || at(k) == "OR" || at(k) == "REPLACE" || at(k) == "ONLINE" ||
           at(k) == "OFFLINE" || at(k) == "UNDO") {
      ++k;
    }
    std::string_view object = at(k);
    if (object == "SCHEMA" || object == "DATABASE") object = "DB";
    if (first == "DROP" && object == "PREPARE") return "dealloc_sql";
    if (object.empty()) return "error";
    return base::AsciiLower(first) + "_" + base::AsciiLower(object);
  }
  if (first == "RENAME") return at(1) == "USER" ? "rename_user" : "rename_table";
  if (first == "TRUNCATE") return "truncate";
  if (first == "BEGIN" || (first == "START" && at(1) == "TRANSACTION")) return "begin";
  if (first == "COMMIT") return "commit";
  if (first == "ROLLBACK") {
    return at(1) == "TO" || at(2) == "TO" ? "rollback_to_savepoint" : "rollback";
  }
  if (first == "SAVEPOINT") return "savepoint";
  if (first == "RELEASE") return "release_savepoint";
  if (first == "SET") return at(1) == "PASSWORD" ? "set_password" : "set_option";
  if (first == "LOCK") return at(1) == "INSTANCE" ? "lock_instance" : "lock_tables";
  if (first == "UNLOCK") return at(1) == "INSTANCE" ? "unlock_instance" : "unlock_tables";
  if (first == "FLUSH") return "flush";
  if (first == "KILL") return "kill";
  if (first == "USE") return "change_db";
  if (first == "PREPARE") return "prepare_sql";
  if (first == "EXECUTE") return "execute_sql";
  if (first == "DEALLOCATE") return "dealloc_sql";
  if (first == "GRANT") return "grant";
  if (first == "REVOKE") return "revoke";
  if (first == "DO") return "do";
  if (first == "CALL") return "call_procedure";
  if (first == "OPTIMIZE" || first == "ANALYZE" || first == "CHECK" || first == "REPAIR" ||
      first == "CHECKSUM") {
    return base::AsciiLower(first);
  }
  if (first == "XA") return "xa_" + base::AsciiLower(at(1) == "BEGIN" ? "START" : at(1));
  if (first == "HANDLER") {
    for (size_t k = i + 1; k < w.size(); ++k) {
      if (w[k] == "OPEN") return "ha_open";
      if (w[k] == "READ") return "ha_read";
      if (w[k] == "CLOSE") return "ha_close";
    }
    return "error";
  }
  if (first == "EXPLAIN" || first == "DESCRIBE" || first == "DESC") {
    const std::string_view next = at(1);
    if (next == "SELECT" || next == "WITH" || next == "INSERT" || next == "REPLACE" ||
        next == "UPDATE" || next == "DELETE" || next == "TABLE" || next == "(") {
      return Command(w, i + 1);
    }
    if (next == "FORMAT" || next == "ANALYZE") return Command(w, i + (next == "FORMAT" ? 3 : 2));
    return "show_fields";
  }
  if (first == "SHOW") {
    size_t k = 1;
    while (at(k) == "GLOBAL" || at(k) == "SESSION" || at(k) == "FULL" || at(k) == "EXTENDED" ||
           at(k) == "STORAGE") {
      ++k;
    }
    const std::string_view what = at(k);
    if (what == "PROCESSLIST") return "show_processlist";
    if (what == "VARIABLES") return "show_variables";
    if (what == "STATUS") return "show_status";
    if (what == "TABLES") return "show_tables";
    if (what == "TABLE" && at(k + 1) == "STATUS") return "show_table_status";
    if (what == "DATABASES" || what == "SCHEMAS") return "show_databases";
    if (what == "CREATE") {
      const std::string_view obj = at(k + 1);
      if (obj == "DATABASE" || obj == "SCHEMA") return "show_create_db";
      if (obj == "TABLE") return "show_create_table";
      return "show_create_" + base::AsciiLower(obj);
    }
    if (what == "WARNINGS") return "show_warnings";
    if (what == "ERRORS") return "show_errors";
    if (what == "COUNT") return at(k + 2) == "ERRORS" ? "show_errors" : "show_warnings";
    if (what == "ENGINE") return "show_engine_status";
    if (what == "ENGINES") return "show_storage_engines";
    if (what == "COLUMNS" || what == "FIELDS") return "show_fields";
    if (what == "INDEX" || what == "INDEXES" || what == "KEYS") return "show_keys";
    if (what == "GRANTS") return "show_grants";
    if (what == "CHARACTER" || what == "CHARSET") return "show_charsets";
    if (what == "COLLATION") return "show_collations";
    if (what == "OPEN") return "show_open_tables";
    if (what.empty()) return "error";
    return "show_" + base::AsciiLower(what);
  }
  return "error";
}

}  // namespace

std::string StatementEventName(std::string_view sql) {
  return "statement/sql/" + Command(Words(sql), 0);
}

}  // namespace diag
