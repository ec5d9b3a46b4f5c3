// The performance_schema EVENT_NAME of a statement ("statement/sql/select",
// "statement/sql/alter_table", ...), derived from its text the way MySQL names its SQL
// commands (sql/sql_parse.cc com_status_vars / SQLCOM_* names).
//
// Pure function; thread-safe.
#ifndef DIAG_STATEMENT_EVENT_NAME_H_
#define DIAG_STATEMENT_EVENT_NAME_H_

#include <string>
#include <string_view>

namespace diag {

// "statement/sql/<command>" for `sql` (leading blanks and comments are skipped). Text that
// does not start like any known statement gives "statement/sql/error", MySQL's name for a
// statement that failed to parse.
std::string StatementEventName(std::string_view sql);

}  // namespace diag

#endif  // DIAG_STATEMENT_EVENT_NAME_H_
