#include "diag/metadata_locks_table.h"

#include "diag/table_columns.h"

namespace diag {
namespace {

// MySQL prints SOURCE as "mdl.cc:123": the file's base name, not its path.
std::string_view SourceBaseName(std::string_view source) {
  const size_t slash = source.rfind('/');
  return slash == std::string_view::npos ? source : source.substr(slash + 1);
}

}  // namespace

sql::VirtualTable MetadataLocksTable(const mdl::LockSnapshot& snapshot) {
  using storage::Value;
  sql::VirtualTable t;
  t.columns = {VarcharColumn("OBJECT_TYPE", 64, true),
               VarcharColumn("OBJECT_SCHEMA", 64, false),
               VarcharColumn("OBJECT_NAME", 64, false),
               VarcharColumn("COLUMN_NAME", 64, false),
               BigIntColumn("OBJECT_INSTANCE_BEGIN", true, true),
               VarcharColumn("LOCK_TYPE", 32, true),
               VarcharColumn("LOCK_DURATION", 32, true),
               VarcharColumn("LOCK_STATUS", 32, true),
               VarcharColumn("SOURCE", 64, false),
               BigIntColumn("OWNER_THREAD_ID", true, false),
               BigIntColumn("OWNER_EVENT_ID", true, false)};
  auto text_or_null = [](std::string_view s) {
    return s.empty() ? Value() : Value::String(std::string(s));
  };
  for (const mdl::TicketRow& row : snapshot.tickets) {
    t.rows.push_back({Value::String(std::string(mdl::ToString(row.key.name_space()))),
                      text_or_null(row.key.schema_name()), text_or_null(row.key.object_name()),
                      Value(), Value::UInt(row.ticket_id),
                      Value::String(std::string(mdl::ToString(row.type))),
                      Value::String(std::string(mdl::ToString(row.duration))),
                      Value::String(std::string(mdl::ToString(row.status))),
                      text_or_null(SourceBaseName(row.source)),
                      row.owner_id == 0 ? Value() : Value::UInt(row.owner_id),
                      row.event_id == 0 ? Value() : Value::UInt(row.event_id)});
  }
  return t;
}

}  // namespace diag
