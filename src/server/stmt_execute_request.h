// Decoding of COM_STMT_EXECUTE (after the command byte):
//   stmt_id u32, flags u8, iteration_count u32,
//   if params > 0: NULL bitmap ((n+7)/8 bytes, offset 0), new_params_bound u8,
//                  if new_params_bound: n × (type u8, flags u8 with 0x80 = unsigned),
//                  the non-NULL values in binary form.
// Parameter types persist between executions of a statement: a client binds once and then
// sends new_params_bound = 0.
#ifndef SERVER_STMT_EXECUTE_REQUEST_H_
#define SERVER_STMT_EXECUTE_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/mysql_error.h"
#include "storage/value.h"

namespace server {

struct ParamType {
  uint8_t type = 0;
  bool is_unsigned = false;
};

struct StmtExecuteRequest {
  uint32_t statement_id = 0;
  uint8_t flags = 0;  // cursor type; no cursor is ever opened
  std::vector<storage::Value> params;
};

// The statement id at the start of a COM_STMT_EXECUTE/SEND_LONG_DATA/CLOSE/RESET/FETCH body,
// or nullopt if the body is shorter than 4 bytes.
std::optional<uint32_t> PeekStatementId(std::string_view body);

// Decodes `body` for a statement with `param_count` parameters. `bound_types` holds the types
// from the last execution that bound them (empty if never) and is updated when the request
// binds new ones. `long_data[i]`, if set, is parameter i's COM_STMT_SEND_LONG_DATA payload,
// which replaces its value (and takes no bytes in the request), as in MySQL.
// Errors: 1210 "Incorrect arguments to mysqld_stmt_execute" for a truncated body, an
// unknown type or parameters never bound.
std::variant<StmtExecuteRequest, MysqlError> ParseStmtExecute(
    std::string_view body, uint16_t param_count, std::vector<ParamType>* bound_types,
    const std::vector<std::optional<std::string>>& long_data);

}  // namespace server

#endif  // SERVER_STMT_EXECUTE_REQUEST_H_
