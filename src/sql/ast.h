// Statement nodes of the SQL abstract syntax tree, and ast::Statement, what the parser returns
// for one statement. Expressions and SELECT are in ast_expr.h (included here); the ownership,
// naming and position conventions written there apply to every node in this file too.
//
// Reading a statement:
//   const ast::Statement& st = ...;
//   if (auto* sel = st.As<ast::SelectStmt>()) { ... }
//   std::visit(overloaded{...}, st.node);
#ifndef SQL_AST_H_
#define SQL_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sql/ast_expr.h"
#include "storage/column_type.h"

namespace sql::ast {

struct Statement;

// ---------------------------------------------------------------------------------------
// DML
// ---------------------------------------------------------------------------------------

// column = value in UPDATE ... SET, INSERT ... SET and ON DUPLICATE KEY UPDATE. `value` may be
// a DefaultValue.
struct Assignment {
  SourcePos pos;
  ColumnRef column;
  ExprPtr value;
};

// LOW_PRIORITY / HIGH_PRIORITY / DELAYED of INSERT and REPLACE (DELAYED is accepted and, as
// in MySQL 8.0, ignored).
enum class InsertPriority : uint8_t { kDefault, kLowPriority, kHighPriority, kDelayed };

// INSERT / REPLACE [priority] [IGNORE] [INTO] t [(cols)] source [ON DUPLICATE KEY UPDATE ...].
// The source is exactly one of: `rows` (VALUES/VALUE lists, and the `SET c=v, ...` form,
// which the parser turns into `columns` + one row) or `select`.
struct InsertStmt {
  bool replace = false;  // REPLACE
  InsertPriority priority = InsertPriority::kDefault;
  bool ignore = false;
  TableName table;
  std::vector<std::string> columns;         // empty: all columns in table order
  std::vector<std::vector<ExprPtr>> rows;   // VALUES (...), (...); `VALUES ()` is an empty row
  std::unique_ptr<SelectStmt> select;       // INSERT ... SELECT; null for VALUES/SET
  std::vector<Assignment> on_duplicate_update;  // only for INSERT
};

// UPDATE [LOW_PRIORITY] [IGNORE] table_refs SET c=v, ... [WHERE] [ORDER BY] [LIMIT].
// `tables` has one kTable entry for the single-table form; more entries or joins are the
// multi-table form (where ORDER BY / LIMIT are not allowed, and the parser rejects them).
struct UpdateStmt {
  bool low_priority = false;
  bool ignore = false;
  std::vector<TableRef> tables;
  std::vector<Assignment> set;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  std::optional<Limit> limit;  // offset is always null (UPDATE takes LIMIT count only)
};

// DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM t [[AS] alias] [WHERE] [ORDER BY] [LIMIT count].
struct DeleteStmt {
  bool low_priority = false;
  bool quick = false;
  bool ignore = false;
  TableName table;
  std::string alias;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  std::optional<Limit> limit;  // offset is always null
};

// ---------------------------------------------------------------------------------------
// Databases and tables (DDL)
// ---------------------------------------------------------------------------------------

// CREATE {DATABASE|SCHEMA} [IF NOT EXISTS] name [[DEFAULT] CHARACTER SET x] [[DEFAULT] COLLATE y].
struct CreateDatabaseStmt {
  bool if_not_exists = false;
  std::string name;
  std::string charset;    // empty when not given
  std::string collation;  // empty when not given
};

// DROP {DATABASE|SCHEMA} [IF EXISTS] name.
struct DropDatabaseStmt {
  bool if_exists = false;
  std::string name;
};

// USE db.
struct UseStmt {
  std::string db;
};

// A column type as declared. The parser maps every spelling onto storage::ColumnType:
//   TINYINT SMALLINT MEDIUMINT INT/INTEGER BIGINT → kTinyInt..kBigInt (length: display width)
//   BOOL/BOOLEAN → kTinyInt with length 1
//   DECIMAL/NUMERIC/DEC/FIXED → kDecimal (precision default 10, scale default 0, as MySQL)
//   FLOAT → kFloat; DOUBLE [PRECISION] / REAL → kDouble
//   CHAR[(n)] → kChar (length default 1); VARCHAR(n) → kVarchar (length required)
//   BINARY[(n)] / VARBINARY(n) → kChar / kVarchar with binary = true
//   TINYTEXT/TEXT/MEDIUMTEXT/LONGTEXT → kText, TINYBLOB/BLOB/MEDIUMBLOB/LONGBLOB → kBlob, with
//     length = the maximum byte length (255, 65535, 16777215, 4294967295)
//   DATE → kDate; TIME/DATETIME/TIMESTAMP[(fsp)] → kTime/kDateTime/kTimestamp (length: fsp)
struct DataType {
  storage::ColumnType type = storage::ColumnType::kInt;
  std::string name;                   // as written, upper-cased: "INTEGER", "BOOL", "VARCHAR"
  std::optional<uint32_t> length;     // see above; nullopt when not written and no default
  std::optional<uint32_t> precision;  // DECIMAL only
  std::optional<uint32_t> scale;      // DECIMAL only
  bool is_unsigned = false;           // UNSIGNED (ZEROFILL implies it)
  bool zerofill = false;
  bool binary = false;                // BINARY/VARBINARY/BLOB, or CHAR ... BINARY
  std::string charset;                // CHARACTER SET / CHARSET, empty when absent
  std::string collation;              // COLLATE, empty when absent
};

// Key declared inline in a column definition.
enum class ColumnKey : uint8_t { kNone, kPrimary, kUnique };

// name type [attributes...].
struct ColumnDef {
  SourcePos pos;
  std::string name;
  DataType type;
  bool not_null = false;       // NOT NULL
  bool explicit_null = false;  // NULL written (MySQL allows it; the column is nullable)
  // DEFAULT literal / DEFAULT CURRENT_TIMESTAMP[(n)] (a FunctionCall "CURRENT_TIMESTAMP" with
  // the fsp as its argument) / DEFAULT (expr). Null when absent.
  ExprPtr default_value;
  bool on_update_current_timestamp = false;
  bool auto_increment = false;
  ColumnKey key = ColumnKey::kNone;  // PRIMARY KEY / KEY (= primary), UNIQUE [KEY]
  std::optional<std::string> comment;
};

enum class IndexKind : uint8_t { kPrimary, kUnique, kIndex, kFulltext, kSpatial };

// One column of an index: name [(prefix_length)] [ASC|DESC].
struct IndexColumn {
  std::string name;
  std::optional<uint32_t> prefix_length;
  bool descending = false;
};

// PRIMARY KEY (cols) | UNIQUE [KEY|INDEX] [name] (cols) | {KEY|INDEX} [name] (cols), in a
// CREATE TABLE, ALTER TABLE ADD or CREATE INDEX. `name` is empty when not given (the executor
// derives MySQL's default name) and "PRIMARY" is implied for kPrimary.
struct IndexDef {
  SourcePos pos;
  IndexKind kind = IndexKind::kIndex;
  std::string name;
  std::vector<IndexColumn> columns;
  std::optional<std::string> comment;
};

enum class ReferenceAction : uint8_t { kDefault, kRestrict, kCascade, kSetNull, kNoAction,
                                       kSetDefault };

// [CONSTRAINT [symbol]] FOREIGN KEY [index_name] (cols) REFERENCES t (cols) [ON DELETE a]
// [ON UPDATE a]. Recorded as written; enforcing it is up to the executor.
struct ForeignKeyDef {
  SourcePos pos;
  std::string constraint_name;  // empty when not given
  std::string index_name;       // empty when not given
  std::vector<std::string> columns;
  TableName ref_table;
  std::vector<std::string> ref_columns;
  ReferenceAction on_delete = ReferenceAction::kDefault;
  ReferenceAction on_update = ReferenceAction::kDefault;
};

// Table options of CREATE TABLE / ALTER TABLE. Empty / nullopt when not given.
struct TableOptions {
  std::string engine;     // ENGINE [=] x, as written
  std::string charset;    // [DEFAULT] {CHARSET|CHARACTER SET} [=] x
  std::string collation;  // [DEFAULT] COLLATE [=] x
  std::optional<uint64_t> auto_increment;  // AUTO_INCREMENT [=] n
  std::optional<std::string> comment;      // COMMENT [=] 'x'
  // ROW_FORMAT, KEY_BLOCK_SIZE, STATS_* and similar are accepted and not recorded.
};

// CREATE TABLE [IF NOT EXISTS] t (definitions) [options] | CREATE TABLE [IF NOT EXISTS] t LIKE t2.
struct CreateTableStmt {
  bool if_not_exists = false;
  TableName table;
  std::vector<ColumnDef> columns;   // in declaration order
  std::vector<IndexDef> indexes;    // table-level keys, in declaration order
  std::vector<ForeignKeyDef> foreign_keys;
  TableOptions options;
  std::optional<TableName> like;    // CREATE TABLE t LIKE t2: columns/indexes are empty
};

// DROP TABLE [IF EXISTS] t1, t2, ... [RESTRICT|CASCADE] (the last two are ignored, as in MySQL).
struct DropTableStmt {
  bool if_exists = false;
  std::vector<TableName> tables;
};

// TRUNCATE [TABLE] t.
struct TruncateStmt {
  TableName table;
};

// RENAME TABLE a TO b [, c TO d ...]: applied left to right, atomically.
struct RenamePair {
  TableName from;
  TableName to;
};
struct RenameTableStmt {
  std::vector<RenamePair> renames;
};

// ALGORITHM [=] x of ALTER TABLE / CREATE INDEX / DROP INDEX. kDefault also when absent.
enum class AlterAlgorithm : uint8_t { kDefault, kInplace, kCopy, kInstant };
// LOCK [=] x of ALTER TABLE / CREATE INDEX / DROP INDEX. kDefault also when absent.
enum class AlterLock : uint8_t { kDefault, kNone, kShared, kExclusive };

// Where ADD/MODIFY/CHANGE put a column.
enum class ColumnPlacement : uint8_t { kDefault, kFirst, kAfter };

// One alter specification. Which fields are meaningful depends on `kind`:
//   kAddColumn        ADD [COLUMN] col_def [FIRST|AFTER c]    column, placement, after_column.
//                     ADD [COLUMN] (col_def, ...) becomes one kAddColumn per column.
//   kDropColumn       DROP [COLUMN] c                        name
//   kModifyColumn     MODIFY [COLUMN] col_def [FIRST|AFTER]  column, placement, after_column
//   kChangeColumn     CHANGE [COLUMN] old col_def [FIRST|AFTER]  name (old), column (new)
//   kAlterColumnSetDefault   ALTER [COLUMN] c SET DEFAULT literal   name, default_value
//   kAlterColumnDropDefault  ALTER [COLUMN] c DROP DEFAULT          name
//   kRenameColumn     RENAME COLUMN a TO b                   name, new_name
//   kAddIndex         ADD {INDEX|KEY|UNIQUE ...|PRIMARY KEY} [name] (cols)   index
//   kDropIndex        DROP {INDEX|KEY} name                  name
//   kDropPrimaryKey   DROP PRIMARY KEY
//   kRenameIndex      RENAME {INDEX|KEY} a TO b              name, new_name
//   kAddForeignKey    ADD [CONSTRAINT [s]] FOREIGN KEY ...   foreign_key
//   kDropForeignKey   DROP FOREIGN KEY name                  name
//   kRenameTable      RENAME [TO|AS] t2                      new_table
enum class AlterSpecKind : uint8_t {
  kAddColumn, kDropColumn, kModifyColumn, kChangeColumn, kAlterColumnSetDefault,
  kAlterColumnDropDefault, kRenameColumn, kAddIndex, kDropIndex, kDropPrimaryKey, kRenameIndex,
  kAddForeignKey, kDropForeignKey, kRenameTable,
};
struct AlterSpec {
  SourcePos pos;
  AlterSpecKind kind = AlterSpecKind::kAddColumn;
  ColumnDef column;
  ColumnPlacement placement = ColumnPlacement::kDefault;
  std::string after_column;
  std::string name;
  std::string new_name;
  ExprPtr default_value;
  IndexDef index;
  ForeignKeyDef foreign_key;
  TableName new_table;
};

// ALTER TABLE t spec, spec, ... ALGORITHM, LOCK, FORCE and table options may appear anywhere in
// the comma list in MySQL; they are pulled out into the fields below. `specs` may be empty
// (e.g. `ALTER TABLE t ENGINE=InnoDB` or `ALTER TABLE t FORCE`: a table rebuild).
struct AlterTableStmt {
  TableName table;
  std::vector<AlterSpec> specs;
  AlterAlgorithm algorithm = AlterAlgorithm::kDefault;
  AlterLock lock = AlterLock::kDefault;
  bool force = false;
  TableOptions options;
};

// CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON t (cols) [ALGORITHM [=] x] [LOCK [=] y].
struct CreateIndexStmt {
  TableName table;
  IndexDef index;  // kind kIndex or kUnique (or kFulltext/kSpatial); name always set
  AlterAlgorithm algorithm = AlterAlgorithm::kDefault;
  AlterLock lock = AlterLock::kDefault;
};

// DROP INDEX name ON t [ALGORITHM [=] x] [LOCK [=] y]. `name` may be "PRIMARY".
struct DropIndexStmt {
  std::string name;
  TableName table;
  AlterAlgorithm algorithm = AlterAlgorithm::kDefault;
  AlterLock lock = AlterLock::kDefault;
};

// ---------------------------------------------------------------------------------------
// Session state: SET, transactions, locks
// ---------------------------------------------------------------------------------------

// One item of SET item, item, ...
enum class SetItemKind : uint8_t {
  kSystemVar,     // [GLOBAL|SESSION|LOCAL|PERSIST|PERSIST_ONLY] name = v, @@[scope.]name = v
  kUserVar,       // @name = v   (also @name := v)
  kNames,         // NAMES {charset | DEFAULT} [COLLATE collation]
  kCharacterSet,  // {CHARACTER SET | CHARSET} {charset | DEFAULT}
};
struct SetItem {
  SourcePos pos;
  SetItemKind kind = SetItemKind::kSystemVar;
  VarScope scope = VarScope::kDefault;  // kSystemVar only
  std::string name;       // variable name (kSystemVar, kUserVar); names are as written
  ExprPtr value;          // kSystemVar / kUserVar; a DefaultValue for `= DEFAULT`. Bare words
                          // like ON, OFF, utf8mb4 become Literal kString ("ON").
  std::string charset;    // kNames / kCharacterSet; "DEFAULT" when DEFAULT was written
  std::string collation;  // kNames; empty when absent
};

// SET item [, item ...]. A leading scope keyword applies to following system variables until
// another scope keyword appears (`SET GLOBAL a=1, b=2` sets both globally, as MySQL does).
struct SetStmt {
  std::vector<SetItem> items;
};

enum class IsolationLevel : uint8_t { kReadUncommitted, kReadCommitted, kRepeatableRead,
                                      kSerializable };

// SET [GLOBAL|SESSION] TRANSACTION characteristic [, characteristic]. Without a scope keyword
// it applies to the next transaction only (scope kDefault).
struct SetTransactionStmt {
  VarScope scope = VarScope::kDefault;
  std::optional<IsolationLevel> isolation;
  std::optional<bool> read_only;  // READ ONLY → true, READ WRITE → false
};

// Transaction control, kind-tagged:
//   kBegin               BEGIN [WORK], START TRANSACTION [characteristics]
//   kCommit              COMMIT [WORK] [AND [NO] CHAIN] [[NO] RELEASE]
//   kRollback            ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE]
//   kRollbackToSavepoint ROLLBACK [WORK] TO [SAVEPOINT] sp
//   kSavepoint           SAVEPOINT sp
//   kReleaseSavepoint    RELEASE SAVEPOINT sp
enum class TransactionAction : uint8_t { kBegin, kCommit, kRollback, kRollbackToSavepoint,
                                         kSavepoint, kReleaseSavepoint };
struct TransactionStmt {
  TransactionAction action = TransactionAction::kBegin;
  bool start_transaction = false;  // kBegin written as START TRANSACTION
  std::optional<bool> read_only;   // START TRANSACTION READ ONLY / READ WRITE
  bool with_consistent_snapshot = false;
  std::optional<bool> chain;       // AND CHAIN → true, AND NO CHAIN → false
  std::optional<bool> release;     // RELEASE → true, NO RELEASE → false
  std::string savepoint;           // the savepoint actions
};

// LOCK {TABLES|TABLE} t [[AS] alias] mode, ...
enum class TableLockMode : uint8_t { kRead, kReadLocal, kWrite, kLowPriorityWrite };
struct TableLockItem {
  TableName table;
  std::string alias;
  TableLockMode mode = TableLockMode::kRead;
};
struct LockTablesStmt {
  std::vector<TableLockItem> tables;
};

// UNLOCK {TABLES|TABLE}.
struct UnlockTablesStmt {};

// FLUSH [NO_WRITE_TO_BINLOG|LOCAL] option [, option ...]:
//   TABLES [t, ...] [WITH READ LOCK | FOR EXPORT]  → tables = true, table_list, ...
//   PRIVILEGES, LOGS, STATUS, HOSTS, ... (accepted) → other_options, upper-cased
struct FlushStmt {
  bool tables = false;
  std::vector<TableName> table_list;  // empty: all tables
  bool with_read_lock = false;
  bool for_export = false;
  std::vector<std::string> other_options;
};

// LOCK INSTANCE FOR BACKUP.
struct LockInstanceStmt {};
// UNLOCK INSTANCE.
struct UnlockInstanceStmt {};

// ---------------------------------------------------------------------------------------
// Administration and utility
// ---------------------------------------------------------------------------------------

// SHOW ... and DESCRIBE/DESC/EXPLAIN t. Which fields are meaningful depends on `kind`:
enum class ShowKind : uint8_t {
  kDatabases,      // SHOW DATABASES|SCHEMAS [LIKE|WHERE]
  kTables,         // SHOW [FULL] TABLES [{FROM|IN} db] [LIKE|WHERE]                db
  kColumns,        // SHOW [FULL] {COLUMNS|FIELDS} {FROM|IN} t [{FROM|IN} db] [LIKE|WHERE],
                   // DESCRIBE t [col | 'pattern'] (→ like_pattern)               table
  kCreateTable,    // SHOW CREATE TABLE t                                          table
  kCreateDatabase, // SHOW CREATE {DATABASE|SCHEMA} [IF NOT EXISTS] db             db
  kIndex,          // SHOW {INDEX|INDEXES|KEYS} {FROM|IN} t [{FROM|IN} db] [WHERE] table
  kVariables,      // SHOW [GLOBAL|SESSION] VARIABLES [LIKE|WHERE]                 scope
  kStatus,         // SHOW [GLOBAL|SESSION] STATUS [LIKE|WHERE]                    scope
  kWarnings,       // SHOW WARNINGS [LIMIT [o,] n]                                 limit
  kErrors,         // SHOW ERRORS [LIMIT [o,] n]                                   limit
  kCountWarnings,  // SHOW COUNT(*) WARNINGS
  kCountErrors,    // SHOW COUNT(*) ERRORS
  kProcesslist,    // SHOW [FULL] PROCESSLIST
  kEngineStatus,   // SHOW ENGINE name STATUS                                      engine
  kEngines,        // SHOW [STORAGE] ENGINES
  kCharset,        // SHOW {CHARACTER SET|CHARSET} [LIKE|WHERE]
  kCollation,      // SHOW COLLATION [LIKE|WHERE]
  kTableStatus,    // SHOW TABLE STATUS [{FROM|IN} db] [LIKE|WHERE]                db
  kBinlogEvents,   // SHOW BINLOG EVENTS [IN 'log'] [FROM pos] [LIMIT]    log_name/from_pos/limit
  kBinaryLogs,     // SHOW {BINARY|MASTER} LOGS
  kGrants,         // SHOW GRANTS [FOR user]                                       user/host
  kMasterStatus,   // SHOW MASTER STATUS / SHOW BINARY LOG STATUS
  kOpenTables,     // SHOW OPEN TABLES [{FROM|IN} db] [LIKE|WHERE]                 db
};
struct ShowStmt {
  ShowKind kind = ShowKind::kDatabases;
  bool full = false;
  VarScope scope = VarScope::kDefault;  // kVariables / kStatus: GLOBAL or SESSION (LOCAL)
  std::string db;                       // FROM db (kTables, kTableStatus, ...), or the db of kColumns/kIndex
  TableName table;                      // kColumns, kCreateTable, kIndex
  std::optional<std::string> like_pattern;  // LIKE 'pattern'
  ExprPtr where;                        // WHERE expr (over the SHOW's result columns)
  std::optional<Limit> limit;
  std::string engine;                   // kEngineStatus, as written
  std::string user;                     // kGrants FOR user@host; empty: current user
  std::string host;
  bool if_not_exists = false;           // kCreateDatabase
  std::string log_name;                 // kBinlogEvents IN 'log'; empty: the first log
  std::optional<uint64_t> from_pos;     // kBinlogEvents FROM pos
};

// KILL [CONNECTION|QUERY] id.
struct KillStmt {
  bool query_only = false;  // KILL QUERY
  ExprPtr id;
};

// PREPARE name FROM {'text' | @var}.
struct PrepareStmt {
  std::string name;
  std::string text;      // the statement text when given as a string literal
  std::string user_var;  // the variable name when given as @var (text is then empty)
};

// EXECUTE name [USING @a, @b, ...].
struct ExecuteStmt {
  std::string name;
  std::vector<std::string> using_vars;  // user variable names, without '@'
};

// {DEALLOCATE | DROP} PREPARE name.
struct DeallocatePrepareStmt {
  std::string name;
};

// DO expr [, expr ...].
struct DoStmt {
  std::vector<ExprPtr> exprs;
};

// {EXPLAIN | DESCRIBE | DESC} [FORMAT = x] {SELECT | INSERT | REPLACE | UPDATE | DELETE} ...
// `statement` is the explained statement (its text and param_count included). Special members
// are out of line because Statement is incomplete here.
struct ExplainStmt {
  std::string format;  // FORMAT = TRADITIONAL|JSON|TREE as written, upper-cased; empty if absent
  std::unique_ptr<Statement> statement;

  ExplainStmt();
  ~ExplainStmt();
  ExplainStmt(ExplainStmt&&) noexcept;
  ExplainStmt& operator=(ExplainStmt&&) noexcept;
};

// 'user'@'host'. `host` is "%" when not given, as MySQL defaults it.
struct UserName {
  std::string user;
  std::string host = "%";
};

// CREATE USER [IF NOT EXISTS] user [IDENTIFIED [WITH plugin] [BY 'pw']] [, ...].
struct UserSpec {
  UserName name;
  std::optional<std::string> password;  // IDENTIFIED BY 'pw' (clear text as sent)
  std::string auth_plugin;              // IDENTIFIED WITH plugin; empty when absent
};
struct CreateUserStmt {
  bool if_not_exists = false;
  std::vector<UserSpec> users;
};

// ALTER USER [IF EXISTS] user IDENTIFIED [WITH plugin] BY 'pw' [, ...].
struct AlterUserStmt {
  bool if_exists = false;
  std::vector<UserSpec> users;
};

// DROP USER [IF EXISTS] user [, ...].
struct DropUserStmt {
  bool if_exists = false;
  std::vector<UserName> users;
};

// A privilege of GRANT/REVOKE, upper-cased with single spaces: "SELECT", "ALL", "CREATE USER",
// "LOCK TABLES", "BACKUP_ADMIN" (dynamic privileges are kept by name).
struct Privilege {
  std::string name;
  std::vector<std::string> columns;  // SELECT (a, b): column-level; empty for table level
};

// ON [TABLE] {*.* | db.* | db.t | t | *}. "*" stands for the wildcard; `db` empty with `table`
// "*" is `*` (the current database's tables), `db` empty with a table name means the current db.
struct PrivilegeLevel {
  std::string db;
  std::string table;
};

// GRANT privs ON level TO user [, user] [WITH GRANT OPTION].
struct GrantStmt {
  std::vector<Privilege> privileges;
  PrivilegeLevel level;
  std::vector<UserName> users;
  bool with_grant_option = false;
};

// REVOKE privs ON level FROM user [, user].
struct RevokeStmt {
  std::vector<Privilege> privileges;
  PrivilegeLevel level;
  std::vector<UserName> users;
};

// ---------------------------------------------------------------------------------------
// The statement
// ---------------------------------------------------------------------------------------

// One parsed statement.
struct Statement {
  using Node =
      std::variant<SelectStmt, InsertStmt, UpdateStmt, DeleteStmt, CreateDatabaseStmt,
                   DropDatabaseStmt, UseStmt, CreateTableStmt, DropTableStmt, TruncateStmt,
                   RenameTableStmt, AlterTableStmt, CreateIndexStmt, DropIndexStmt, SetStmt,
                   SetTransactionStmt, TransactionStmt, LockTablesStmt, UnlockTablesStmt,
                   FlushStmt, LockInstanceStmt, UnlockInstanceStmt, ShowStmt, KillStmt,
                   PrepareStmt, ExecuteStmt, DeallocatePrepareStmt, DoStmt, ExplainStmt,
                   CreateUserStmt, AlterUserStmt, DropUserStmt, GrantStmt, RevokeStmt>;

  SourcePos pos;        // first token of the statement
  std::string text;     // the statement's text as sent: from its first non-blank character
                        // (leading comments kept) to its terminating ';' or the end, without
                        // the ';' and trailing blanks: processlist Info, events tables
  uint32_t param_count = 0;  // number of `?` placeholders (Param::index < param_count)
  Node node;

  template <typename T>
  const T* As() const { return std::get_if<T>(&node); }
  template <typename T>
  T* As() { return std::get_if<T>(&node); }
  template <typename T>
  bool Is() const { return std::holds_alternative<T>(node); }
};

}  // namespace sql::ast

#endif  // SQL_AST_H_
