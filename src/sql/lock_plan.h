// Lock plans: which metadata locks a statement takes, derived from its AST (MySQL 8.0
// behaviour, see /work/shared/reference/mdl-facts.md §4 and docs/lock_plans.md).
//
// A LockPlan is plain data computed before anything is opened; the session acquires it
// through mdl and only then runs the executor / DDL code. Phase changes inside DDL (SU ->
// X -> SU/SNW -> X upgrades, SCHEMA X then X on the tables of DROP DATABASE) are done by the
// DDL code on the tickets this plan produced; the plan holds what is taken up front.
//
//   statement                     up-front requests (ns type duration)
//   ---------------------------   ---------------------------------------------------------
//   SELECT / DO / SET (subquery)  TABLE SR TRX per table read (subqueries, derived tables,
//                                 unions included)
//   SELECT ... FOR UPDATE         GLOBAL IX STMT; TABLE SW TRX (FOR SHARE: SR, as
//                                 mdl_type_for_dml() maps TL_READ_WITH_SHARED_LOCKS)
//   INSERT/REPLACE/UPDATE/DELETE  GLOBAL IX STMT; TABLE SW TRX (SWLP with LOW_PRIORITY) on
//                                 written tables; SR on tables only read
//   CREATE TABLE                  GLOBAL IX STMT, BACKUP IX TRX, SCHEMA IX TRX, TABLE X TRX
//                                 (MySQL takes S and upgrades to X when the table does not
//                                 exist; taking X at once is equivalent for other sessions
//                                 because S-then-X never lets a conflicting lock in between
//                                 that X would not have blocked too). LIKE source: SR.
//   DROP TABLE / TRUNCATE         GLOBAL IX, BACKUP IX, SCHEMA IX per schema, TABLE X
//   RENAME TABLE                  same, X on every old and new name
//   ALTER TABLE / CREATE|DROP     GLOBAL IX, BACKUP IX, SCHEMA IX, TABLE SU (+ X on the new
//     INDEX                       name for RENAME TO); the DDL code upgrades per phase
//   CREATE/DROP DATABASE          GLOBAL IX, BACKUP IX, SCHEMA X
//   LOCK TABLES                   READ [LOCAL]: TABLE SRO (InnoDB upgrades LOCAL to SRO);
//                                 WRITE: GLOBAL IX, SCHEMA IX, TABLE SNRW. All EXPLICIT
//                                 after the statement (the session moves them).
//   FLUSH TABLES WITH READ LOCK   GLOBAL S EXPLICIT, then COMMIT S EXPLICIT (the session
//                                 takes them in two steps, as MySQL)
//   FLUSH TABLES t WITH READ LOCK TABLE SNW EXPLICIT per table (MySQL's flush_tables_with_
//                                 read_lock uses SNW, then behaves like LOCK TABLES READ)
//   LOCK INSTANCE FOR BACKUP      BACKUP_LOCK S EXPLICIT
//   SHOW CREATE TABLE / COLUMNS / TABLE SH STMT (MySQL's I_S/SHOW open tables with SH and
//     INDEX, DESCRIBE              roll back to an MDL savepoint right after)
//   CREATE/DROP/ALTER USER, GRANT GLOBAL IX STMT, BACKUP IX TRX
//   everything else               nothing
// Tables of information_schema, performance_schema, sys and mysql are virtual here and take
// no TABLE lock. Within the requests, GLOBAL IX comes first, then tables in statement order
// (DML locks tables one by one in that order, as open_tables() does); DDL plans are taken
// with AcquireBatch, which sorts them itself.
#ifndef SQL_LOCK_PLAN_H_
#define SQL_LOCK_PLAN_H_

#include <string>
#include <vector>

#include "mdl/lock_request.h"
#include "sql/ast.h"
#include "storage/status.h"

namespace sql {

// One table a statement touches, after resolving the current database.
struct TableAccess {
  std::string db;
  std::string name;
  bool write = false;  // the statement changes it (for LOCK TABLES' 1099 check)
};

struct LockPlan {
  // In acquisition order. Empty: the statement takes no up-front lock.
  std::vector<mdl::LockRequest> requests;
  // True: acquire all with LockContext::AcquireBatch (DDL, LOCK TABLES); false: one by one.
  bool batch = false;
  // Table DDL (CREATE/DROP/TRUNCATE/RENAME/ALTER TABLE, CREATE/DROP INDEX): its TABLE X
  // requests take @@ddl_low_priority_window (mdl::LockRequest::low_priority_window) when the
  // session acquires the plan.
  bool ddl = false;
  // Non-virtual tables the statement touches (deduplicated, first-use order).
  std::vector<TableAccess> tables;
};

// True for information_schema, performance_schema, sys and mysql (case-insensitive).
bool IsVirtualSchema(std::string_view db);

// Computes the plan of `statement`, resolving unqualified table names to `current_db`.
// Errors: kNoDatabaseSelected "No database selected" when a table has no schema and
// `current_db` is empty (MySQL reports this when opening tables, before any lock).
// `event_id` is stored in every request (performance_schema OWNER_EVENT_ID).
storage::Result<LockPlan> PlanLocks(const ast::Statement& statement,
                                    const std::string& current_db, uint64_t event_id = 0);

}  // namespace sql

#endif  // SQL_LOCK_PLAN_H_
