#include "server/stmt_execute_request.h"

#include "server/binary_value.h"
#include "server/wire_codec.h"

namespace server {

namespace {
constexpr std::string_view kWhere = "mysqld_stmt_execute";
}  // namespace

std::optional<uint32_t> PeekStatementId(std::string_view body) {
  WireReader r(body);
  return r.ReadU32();
}

std::variant<StmtExecuteRequest, MysqlError> ParseStmtExecute(
    std::string_view body, uint16_t param_count, std::vector<ParamType>* bound_types,
    const std::vector<std::optional<std::string>>& long_data) {
  WireReader r(body);
  StmtExecuteRequest req;
  auto id = r.ReadU32();
  auto flags = r.ReadU8();
  auto iterations = r.ReadU32();
  if (!id || !flags || !iterations) return WrongArgumentsError(kWhere);
  req.statement_id = *id;
  req.flags = *flags;
  if (param_count == 0) return req;

  auto null_bitmap = r.ReadBytes((param_count + 7) / 8);
  auto new_params_bound = r.ReadU8();
  if (!null_bitmap || !new_params_bound) return WrongArgumentsError(kWhere);
  if (*new_params_bound == 1) {
    std::vector<ParamType> types(param_count);
    for (ParamType& t : types) {
      auto type = r.ReadU8();
      auto type_flags = r.ReadU8();
      if (!type || !type_flags) return WrongArgumentsError(kWhere);
      t.type = *type;
      t.is_unsigned = (*type_flags & 0x80) != 0;
    }
    *bound_types = std::move(types);
  } else if (*new_params_bound != 0 || bound_types->size() != param_count) {
    return WrongArgumentsError(kWhere);
  }

  req.params.reserve(param_count);
  for (uint16_t i = 0; i < param_count; ++i) {
    if (i < long_data.size() && long_data[i].has_value()) {
      req.params.push_back(storage::Value::String(*long_data[i]));
      continue;
    }
    const bool is_null = (static_cast<uint8_t>((*null_bitmap)[i / 8]) >> (i % 8)) & 1;
    if (is_null) {
      req.params.push_back(storage::Value::Null());
      continue;
    }
    const ParamType& t = (*bound_types)[i];
    std::optional<storage::Value> v = DecodeBinaryValue(r, t.type, t.is_unsigned);
    if (!v) return WrongArgumentsError(kWhere);
    req.params.push_back(std::move(*v));
  }
  return req;
}

}  // namespace server
