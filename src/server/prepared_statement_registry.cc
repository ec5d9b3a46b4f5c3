#include "server/prepared_statement_registry.h"

namespace server {

void PreparedStatementRegistry::Add(uint32_t id, uint16_t param_count) {
  PreparedStatementState state;
  state.param_count = param_count;
  state.long_data.resize(param_count);
  statements_[id] = std::move(state);
}

PreparedStatementState* PreparedStatementRegistry::Find(uint32_t id) {
  auto it = statements_.find(id);
  return it == statements_.end() ? nullptr : &it->second;
}

void PreparedStatementRegistry::AppendLongData(uint32_t id, uint16_t param,
                                               std::string_view data) {
  PreparedStatementState* state = Find(id);
  if (state == nullptr) return;
  if (param >= state->param_count) {
    state->long_data_error = true;
    return;
  }
  std::optional<std::string>& slot = state->long_data[param];
  if (!slot) slot.emplace();
  slot->append(data);
}

void PreparedStatementRegistry::ResetLongData(uint32_t id) {
  PreparedStatementState* state = Find(id);
  if (state == nullptr) return;
  for (auto& slot : state->long_data) slot.reset();
  state->long_data_error = false;
}

}  // namespace server
