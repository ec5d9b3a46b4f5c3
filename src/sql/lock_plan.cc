#include "sql/lock_plan.h"

#include <algorithm>
#include <optional>

#include "base/ascii.h"

namespace sql {
namespace {

using mdl::LockDuration;
using mdl::LockKey;
using mdl::LockType;

// Accumulates table locks in first-use order, merging repeated uses of a table to the
// strongest type (SR < SWLP < SW for DML), so that each table is locked once.
class PlanBuilder {
 public:
  PlanBuilder(const std::string& current_db, uint64_t event_id)
      : current_db_(current_db), event_id_(event_id) {}

  // Records a use of `table`; remembers kNoDatabaseSelected when it has no schema and no
  // database is selected.
  void UseTable(const ast::TableName& table, LockType type, bool write) {
    std::string db = table.db.empty() ? current_db_ : table.db;
    if (db.empty()) {
      no_db_ = true;
      return;
    }
    if (IsVirtualSchema(db)) return;
    for (size_t i = 0; i < tables_.size(); ++i) {
      if (tables_[i].db == db && tables_[i].name == table.name) {
        tables_[i].write = tables_[i].write || write;
        if (Stronger(type, types_[i])) types_[i] = type;
        return;
      }
    }
    tables_.push_back({db, table.name, write});
    types_.push_back(type);
  }

  void Select(const ast::SelectStmt& select, LockType type) {
    for (const ast::SelectItem& item : select.items) Expr(item.expr.get());
    for (const ast::TableRef& ref : select.from) TableRef(ref, type);
    Expr(select.where.get());
    for (const auto& e : select.group_by) Expr(e.get());
    Expr(select.having.get());
    for (const auto& o : select.order_by) Expr(o.expr.get());
    for (const ast::UnionTerm& u : select.unions) Select(*u.select, type);
  }

  void TableRef(const ast::TableRef& ref, LockType type) {
    switch (ref.kind) {
      case ast::TableRefKind::kTable:
        UseTable(ref.table, type, type != LockType::kSharedRead);
        break;
      case ast::TableRefKind::kJoin:
        if (ref.left) TableRef(*ref.left, type);
        if (ref.right) TableRef(*ref.right, type);
        Expr(ref.on.get());
        break;
      case ast::TableRefKind::kDerived:
        if (ref.derived) Select(*ref.derived, LockType::kSharedRead);
        break;
    }
  }

  // Subqueries anywhere in an expression read their tables with SR.
  void Expr(const ast::Expr* e) {
    if (e == nullptr) return;
    std::visit([this](const auto& n) { Node(n); }, e->node);
  }

  // Adds the tables as requests (GLOBAL IX first if any table is written) into `plan`.
  void Emit(LockPlan* plan, bool global_ix) {
    if (global_ix) AddScoped(plan, LockKey::Global(), LockDuration::kStatement);
    for (size_t i = 0; i < tables_.size(); ++i) {
      plan->requests.emplace_back(LockKey::Table(tables_[i].db, tables_[i].name), types_[i],
                                  LockDuration::kTransaction, MDL_SOURCE, event_id_);
    }
    plan->tables = tables_;
  }

  void AddScoped(LockPlan* plan, LockKey key, LockDuration duration,
                 LockType type = LockType::kIntentionExclusive) {
    plan->requests.emplace_back(std::move(key), type, duration, MDL_SOURCE, event_id_);
  }

  bool no_db() const { return no_db_; }
  bool any_write() const {
    return std::any_of(tables_.begin(), tables_.end(), [](const TableAccess& t) { return t.write; });
  }
  const std::vector<TableAccess>& tables() const { return tables_; }
  const std::string& current_db() const { return current_db_; }
  uint64_t event_id() const { return event_id_; }

 private:
  static int Rank(LockType t) {
    switch (t) {
      case LockType::kSharedRead: return 1;
      case LockType::kSharedWriteLowPrio: return 2;
      case LockType::kSharedWrite: return 3;
      default: return static_cast<int>(t) + 10;
    }
  }
  static bool Stronger(LockType a, LockType b) { return Rank(a) > Rank(b); }

  template <typename T>
  void Node(const T&) {}
  void Node(const ast::Unary& n) { Expr(n.operand.get()); }
  void Node(const ast::Binary& n) { Expr(n.lhs.get()); Expr(n.rhs.get()); }
  void Node(const ast::IsTest& n) { Expr(n.operand.get()); }
  void Node(const ast::Between& n) {
    Expr(n.operand.get()); Expr(n.low.get()); Expr(n.high.get());
  }
  void Node(const ast::InList& n) {
    Expr(n.operand.get());
    for (const auto& e : n.list) Expr(e.get());
  }
  void Node(const ast::InSubquery& n) {
    Expr(n.operand.get());
    if (n.subquery) Select(*n.subquery, LockType::kSharedRead);
  }
  void Node(const ast::Like& n) { Expr(n.operand.get()); Expr(n.pattern.get()); Expr(n.escape.get()); }
  void Node(const ast::Regexp& n) { Expr(n.operand.get()); Expr(n.pattern.get()); }
  void Node(const ast::Case& n) {
    Expr(n.operand.get());
    for (const auto& w : n.whens) { Expr(w.when.get()); Expr(w.then.get()); }
    Expr(n.else_result.get());
  }
  void Node(const ast::FunctionCall& n) {
    for (const auto& e : n.args) Expr(e.get());
    for (const auto& o : n.order_by) Expr(o.expr.get());
  }
  void Node(const ast::Cast& n) { Expr(n.operand.get()); }
  void Node(const ast::Interval& n) { Expr(n.value.get()); }
  void Node(const ast::Subquery& n) { if (n.select) Select(*n.select, LockType::kSharedRead); }
  void Node(const ast::Exists& n) { if (n.select) Select(*n.select, LockType::kSharedRead); }
  void Node(const ast::RowConstructor& n) { for (const auto& e : n.items) Expr(e.get()); }

  const std::string& current_db_;
  const uint64_t event_id_;
  bool no_db_ = false;
  std::vector<TableAccess> tables_;
  std::vector<LockType> types_;
};

// The scoped locks DDL takes besides its table locks: GLOBAL IX (STATEMENT), BACKUP_LOCK IX
// and SCHEMA IX on every schema involved (TRANSACTION).
void AddDdlScopedLocks(PlanBuilder& b, LockPlan* plan, const std::vector<std::string>& schemas) {
  b.AddScoped(plan, LockKey::Global(), LockDuration::kStatement);
  b.AddScoped(plan, LockKey::BackupLock(), LockDuration::kTransaction);
  for (const std::string& s : schemas) {
    b.AddScoped(plan, LockKey::Schema(s), LockDuration::kTransaction);
  }
}

// DDL on a list of tables: scoped locks plus `type` on each table, acquired as a batch.
storage::Result<LockPlan> DdlOnTables(PlanBuilder& b, const std::vector<const ast::TableName*>& names,
                                      LockType type) {
  LockPlan plan;
  plan.batch = true;
  plan.ddl = true;
  std::vector<std::string> schemas;
  std::vector<TableAccess> tables;
  for (const ast::TableName* n : names) {
    const std::string db = n->db.empty() ? b.current_db() : n->db;
    if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
    if (std::find(schemas.begin(), schemas.end(), db) == schemas.end()) schemas.push_back(db);
    bool seen = false;
    for (const TableAccess& t : tables) seen = seen || (t.db == db && t.name == n->name);
    if (!seen) tables.push_back({db, n->name, true});
  }
  AddDdlScopedLocks(b, &plan, schemas);
  for (const TableAccess& t : tables) {
    plan.requests.emplace_back(LockKey::Table(t.db, t.name), type, LockDuration::kTransaction,
                               MDL_SOURCE, b.event_id());
  }
  plan.tables = std::move(tables);
  return plan;
}

storage::Result<LockPlan> Finish(PlanBuilder& b, bool global_ix) {
  if (b.no_db()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
  LockPlan plan;
  b.Emit(&plan, global_ix);
  return plan;
}

}  // namespace

bool IsVirtualSchema(std::string_view db) {
  const std::string l = base::AsciiLower(db);
  return l == "information_schema" || l == "performance_schema" || l == "sys" || l == "mysql";
}

storage::Result<LockPlan> PlanLocks(const ast::Statement& statement, const std::string& current_db,
                                    uint64_t event_id) {
  PlanBuilder b(current_db, event_id);
  const auto& node = statement.node;

  if (auto* s = std::get_if<ast::SelectStmt>(&node)) {
    const bool for_update = s->lock_mode == ast::RowLockMode::kForUpdate;
    b.Select(*s, for_update ? LockType::kSharedWrite : LockType::kSharedRead);
    return Finish(b, for_update && b.any_write());
  }
  if (auto* s = std::get_if<ast::InsertStmt>(&node)) {
    b.UseTable(s->table, s->priority == ast::InsertPriority::kLowPriority
                             ? LockType::kSharedWriteLowPrio : LockType::kSharedWrite, true);
    for (const auto& row : s->rows) for (const auto& e : row) b.Expr(e.get());
    if (s->select) b.Select(*s->select, LockType::kSharedRead);
    for (const auto& a : s->on_duplicate_update) b.Expr(a.value.get());
    return Finish(b, b.any_write());
  }
  if (auto* s = std::get_if<ast::UpdateStmt>(&node)) {
    const LockType t = s->low_priority ? LockType::kSharedWriteLowPrio : LockType::kSharedWrite;
    for (const ast::TableRef& ref : s->tables) b.TableRef(ref, t);
    for (const auto& a : s->set) b.Expr(a.value.get());
    b.Expr(s->where.get());
    return Finish(b, b.any_write());
  }
  if (auto* s = std::get_if<ast::DeleteStmt>(&node)) {
    b.UseTable(s->table, s->low_priority ? LockType::kSharedWriteLowPrio : LockType::kSharedWrite,
               true);
    b.Expr(s->where.get());
    return Finish(b, b.any_write());
  }
  if (auto* s = std::get_if<ast::DoStmt>(&node)) {
    for (const auto& e : s->exprs) b.Expr(e.get());
    return Finish(b, false);
  }
  if (auto* s = std::get_if<ast::SetStmt>(&node)) {
    for (const auto& item : s->items) b.Expr(item.value.get());
    return Finish(b, false);
  }
  if (auto* s = std::get_if<ast::ExplainStmt>(&node)) {
    if (s->statement) return PlanLocks(*s->statement, current_db, event_id);
    return LockPlan{};
  }
  if (auto* s = std::get_if<ast::CreateTableStmt>(&node)) {
    if (IsVirtualSchema(s->table.db)) return LockPlan{};
    auto plan = DdlOnTables(b, {&s->table}, LockType::kExclusive);
    if (!plan.ok() || !s->like) return plan;
    const std::string db = s->like->db.empty() ? current_db : s->like->db;
    if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
    plan->requests.emplace_back(LockKey::Table(db, s->like->name), LockType::kSharedRead,
                                LockDuration::kTransaction, MDL_SOURCE, event_id);
    plan->tables.push_back({db, s->like->name, false});
    return plan;
  }
  if (auto* s = std::get_if<ast::DropTableStmt>(&node)) {
    std::vector<const ast::TableName*> names;
    for (const auto& t : s->tables) names.push_back(&t);
    return DdlOnTables(b, names, LockType::kExclusive);
  }
  if (auto* s = std::get_if<ast::TruncateStmt>(&node)) {
    return DdlOnTables(b, {&s->table}, LockType::kExclusive);
  }
  if (auto* s = std::get_if<ast::RenameTableStmt>(&node)) {
    std::vector<const ast::TableName*> names;
    for (const auto& r : s->renames) {
      names.push_back(&r.from);
      names.push_back(&r.to);
    }
    return DdlOnTables(b, names, LockType::kExclusive);
  }
  if (auto* s = std::get_if<ast::AlterTableStmt>(&node)) {
    auto plan = DdlOnTables(b, {&s->table}, LockType::kSharedUpgradable);
    if (!plan.ok()) return plan;
    for (const ast::AlterSpec& spec : s->specs) {
      if (spec.kind != ast::AlterSpecKind::kRenameTable) continue;
      const std::string db = spec.new_table.db.empty() ? current_db : spec.new_table.db;
      if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
      plan->requests.emplace_back(LockKey::Schema(db), LockType::kIntentionExclusive,
                                  LockDuration::kTransaction, MDL_SOURCE, event_id);
      plan->requests.emplace_back(LockKey::Table(db, spec.new_table.name), LockType::kExclusive,
                                  LockDuration::kTransaction, MDL_SOURCE, event_id);
      plan->tables.push_back({db, spec.new_table.name, true});
    }
    return plan;
  }
  if (auto* s = std::get_if<ast::CreateIndexStmt>(&node)) {
    return DdlOnTables(b, {&s->table}, LockType::kSharedUpgradable);
  }
  if (auto* s = std::get_if<ast::DropIndexStmt>(&node)) {
    return DdlOnTables(b, {&s->table}, LockType::kSharedUpgradable);
  }
  // CREATE / DROP DATABASE: GLOBAL IX, BACKUP_LOCK IX and SCHEMA X (DROP DATABASE then takes X on
  // every table of a dropped schema in src/sql/ddl_executor.cc once it holds the schema lock).
  const std::string* schema_ddl = nullptr;
  if (auto* s = std::get_if<ast::CreateDatabaseStmt>(&node)) schema_ddl = &s->name;
  if (auto* s = std::get_if<ast::DropDatabaseStmt>(&node)) schema_ddl = &s->name;
  if (schema_ddl != nullptr) {
    LockPlan plan;
    plan.batch = true;
    b.AddScoped(&plan, LockKey::Global(), LockDuration::kStatement);
    b.AddScoped(&plan, LockKey::BackupLock(), LockDuration::kTransaction);
    b.AddScoped(&plan, LockKey::Schema(*schema_ddl), LockDuration::kTransaction, LockType::kExclusive);
    return plan;
  }
  if (auto* s = std::get_if<ast::LockTablesStmt>(&node)) {
    LockPlan plan;
    plan.batch = true;
    bool any_write = false;
    std::vector<std::string> schemas;
    std::vector<mdl::LockRequest> tables;
    for (const ast::TableLockItem& item : s->tables) {
      const std::string db = item.table.db.empty() ? current_db : item.table.db;
      if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
      const bool write = item.mode == ast::TableLockMode::kWrite ||
                         item.mode == ast::TableLockMode::kLowPriorityWrite;
      any_write = any_write || write;
      if (write && std::find(schemas.begin(), schemas.end(), db) == schemas.end()) {
        schemas.push_back(db);
      }
      tables.emplace_back(LockKey::Table(db, item.table.name),
                          write ? LockType::kSharedNoReadWrite : LockType::kSharedReadOnly,
                          LockDuration::kTransaction, MDL_SOURCE, event_id);
      auto it = std::find_if(plan.tables.begin(), plan.tables.end(), [&](const TableAccess& t) {
        return t.db == db && t.name == item.table.name;
      });
      if (it == plan.tables.end()) {
        plan.tables.push_back({db, item.table.name, write});
      } else {
        it->write = it->write || write;
      }
    }
    if (any_write) b.AddScoped(&plan, LockKey::Global(), LockDuration::kStatement);
    for (const std::string& db : schemas) {
      b.AddScoped(&plan, LockKey::Schema(db), LockDuration::kTransaction);
    }
    for (auto& r : tables) plan.requests.push_back(std::move(r));
    return plan;
  }
  if (auto* s = std::get_if<ast::FlushStmt>(&node)) {
    LockPlan plan;
    if (!s->tables || !s->with_read_lock || s->table_list.empty()) return plan;
    plan.batch = true;
    for (const ast::TableName& t : s->table_list) {
      const std::string db = t.db.empty() ? current_db : t.db;
      if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
      plan.requests.emplace_back(LockKey::Table(db, t.name), LockType::kSharedNoWrite,
                                 LockDuration::kTransaction, MDL_SOURCE, event_id);
      plan.tables.push_back({db, t.name, false});
    }
    return plan;
  }
  if (std::holds_alternative<ast::LockInstanceStmt>(node)) {
    LockPlan plan;
    b.AddScoped(&plan, LockKey::BackupLock(), LockDuration::kExplicit, LockType::kShared);
    return plan;
  }
  if (auto* s = std::get_if<ast::ShowStmt>(&node)) {
    LockPlan plan;
    if (s->kind != ast::ShowKind::kColumns && s->kind != ast::ShowKind::kCreateTable &&
        s->kind != ast::ShowKind::kIndex) {
      return plan;
    }
    std::string db = !s->table.db.empty() ? s->table.db : !s->db.empty() ? s->db : current_db;
    if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
    if (IsVirtualSchema(db)) return plan;
    plan.requests.emplace_back(LockKey::Table(db, s->table.name), LockType::kSharedHighPrio,
                               LockDuration::kStatement, MDL_SOURCE, event_id);
    plan.tables.push_back({db, s->table.name, false});
    return plan;
  }
  if (std::holds_alternative<ast::CreateUserStmt>(node) ||
      std::holds_alternative<ast::AlterUserStmt>(node) ||
      std::holds_alternative<ast::DropUserStmt>(node) ||
      std::holds_alternative<ast::GrantStmt>(node) ||
      std::holds_alternative<ast::RevokeStmt>(node)) {
    LockPlan plan;
    b.AddScoped(&plan, LockKey::Global(), LockDuration::kStatement);
    b.AddScoped(&plan, LockKey::BackupLock(), LockDuration::kTransaction);
    return plan;
  }
  return LockPlan{};
}

}  // namespace sql
