// performance_schema.metadata_locks as a virtual table, built from an mdl::LockSnapshot.
//
// Pure function; thread-safe.
#ifndef DIAG_METADATA_LOCKS_TABLE_H_
#define DIAG_METADATA_LOCKS_TABLE_H_

#include "mdl/snapshot.h"
#include "sql/virtual_table.h"

namespace diag {

// MySQL 8.0 columns: OBJECT_TYPE, OBJECT_SCHEMA, OBJECT_NAME, COLUMN_NAME,
// OBJECT_INSTANCE_BEGIN, LOCK_TYPE, LOCK_DURATION, LOCK_STATUS, SOURCE, OWNER_THREAD_ID,
// OWNER_EVENT_ID. Empty schema/name print as NULL (GLOBAL, COMMIT, BACKUP LOCK rows), as
// MySQL does; COLUMN_NAME is always NULL. OWNER_THREAD_ID is the owner id (see
// SessionSnapshot::thread_id); OWNER_EVENT_ID is NULL when 0.
sql::VirtualTable MetadataLocksTable(const mdl::LockSnapshot& snapshot);

}  // namespace diag

#endif  // DIAG_METADATA_LOCKS_TABLE_H_
