// What the protocol layer remembers about each prepared statement of one connection: the
// parameter count (needed to decode COM_STMT_EXECUTE), the parameter types last bound, and
// data sent with COM_STMT_SEND_LONG_DATA since the last execution. The SQL-level statement
// lives in the Session under the same id.
//
// Thread safety: owned and used by one connection thread.
#ifndef SERVER_PREPARED_STATEMENT_REGISTRY_H_
#define SERVER_PREPARED_STATEMENT_REGISTRY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/stmt_execute_request.h"

namespace server {

struct PreparedStatementState {
  uint16_t param_count = 0;
  std::vector<ParamType> bound_types;                   // empty until the first bind
  std::vector<std::optional<std::string>> long_data;    // param_count entries
  bool long_data_error = false;  // SEND_LONG_DATA named a parameter that does not exist
};

class PreparedStatementRegistry {
 public:
  void Add(uint32_t id, uint16_t param_count);
  // nullptr if `id` is unknown.
  PreparedStatementState* Find(uint32_t id);
  void Remove(uint32_t id) { statements_.erase(id); }
  void Clear() { statements_.clear(); }

  // COM_STMT_SEND_LONG_DATA: appends to parameter `param`. Unknown ids are ignored (the
  // command has no reply); a bad parameter number is reported by the next execute.
  void AppendLongData(uint32_t id, uint16_t param, std::string_view data);
  // After an execution or COM_STMT_RESET: forget long data and its error.
  void ResetLongData(uint32_t id);

 private:
  std::map<uint32_t, PreparedStatementState> statements_;
};

}  // namespace server

#endif  // SERVER_PREPARED_STATEMENT_REGISTRY_H_
