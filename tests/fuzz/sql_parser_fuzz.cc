// libFuzzer target for the SQL lexer and parser: any input must parse or fail with a SqlError,
// never crash, assert, overflow the stack or loop. Also checks the splitting contract: every
// ParseNext call makes progress and reports a statement text that lies within the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t offset = 0;
  while (true) {
    auto next = sql::ParseNext(text, offset);
    if (std::holds_alternative<sql::SqlError>(next)) {
      const sql::SqlError& error = std::get<sql::SqlError>(next);
      if (error.code != sql::ErrorCode::kParseError) abort();
      break;
    }
    auto& parsed = std::get<sql::ParsedStatement>(next);
    if (!parsed.statement) break;
    if (parsed.end_offset <= offset || parsed.end_offset > text.size()) abort();
    if (parsed.statement->text.size() > text.size()) abort();
    if (parsed.statement->pos.offset >= text.size()) abort();
    (void)sql::HasMoreStatements(text, parsed.end_offset);
    offset = parsed.end_offset;
  }
  (void)sql::ParseSingle(text);
  return 0;
}
