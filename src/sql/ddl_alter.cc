#include "sql/ddl_alter.h"

#include <memory>

#include "mdl/lock_key.h"
#include "sql/ddl_alter_def.h"
#include "sql/ddl_executor.h"
#include "storage/engine.h"

namespace sql {
namespace {

using storage::Result;
using storage::Status;

struct AlterRequest {
  ast::TableName table;
  std::vector<const ast::AlterSpec*> specs;
  const ast::TableOptions* options = nullptr;
  bool force = false;
  ast::AlterAlgorithm algorithm = ast::AlterAlgorithm::kDefault;
  ast::AlterLock lock = ast::AlterLock::kDefault;
};

SqlError NotSupported(std::string text) {
  return SqlError(ErrorCode::kAlterOperationNotSupported, std::move(text));
}

// Chooses the algorithm as MySQL 8.0 does: the requested one if supported, else the
// fastest supported one for DEFAULT. LOCK=NONE/SHARED/EXCLUSIVE with DEFAULT skips INSTANT
// (INSTANT accepts only LOCK=DEFAULT).
Result<ast::AlterAlgorithm> ChooseAlgorithm(const AlterDefPlan& plan, const AlterRequest& req) {
  switch (req.algorithm) {
    case ast::AlterAlgorithm::kInstant:
      if (!plan.instant_ok) {
        return NotSupported(
            "ALGORITHM=INSTANT is not supported for this operation. Try ALGORITHM=COPY/INPLACE.");
      }
      return ast::AlterAlgorithm::kInstant;
    case ast::AlterAlgorithm::kInplace:
      if (!plan.inplace_ok) {
        return NotSupported("ALGORITHM=INPLACE is not supported. Reason: " + plan.inplace_reason +
                            ". Try ALGORITHM=COPY.");
      }
      return ast::AlterAlgorithm::kInplace;
    case ast::AlterAlgorithm::kCopy:
      if (req.lock == ast::AlterLock::kNone) {
        return NotSupported(
            "LOCK=NONE is not supported. Reason: COPY algorithm requires a lock. Try LOCK=SHARED.");
      }
      return ast::AlterAlgorithm::kCopy;
    case ast::AlterAlgorithm::kDefault:
      break;
  }
  if (plan.instant_ok && req.lock == ast::AlterLock::kDefault) return ast::AlterAlgorithm::kInstant;
  if (plan.inplace_ok) return ast::AlterAlgorithm::kInplace;
  if (req.lock == ast::AlterLock::kNone) {
    return NotSupported("LOCK=NONE is not supported. Reason: " + plan.inplace_reason +
                        ". Try LOCK=SHARED.");
  }
  return ast::AlterAlgorithm::kCopy;
}

class AlterRun {
 public:
  AlterRun(DdlContext& ctx, std::string db, std::string name)
      : ctx_(ctx), db_(std::move(db)), name_(std::move(name)) {}

  Status Init() {
    ticket_ = ctx_.locks().FindTicket(mdl::LockKey::Table(db_, name_),
                                      mdl::LockType::kSharedUpgradable);
    if (ticket_ == nullptr) return Status(ErrorCode::kInternal, "ALTER without its SU lock");
    return Status::OK();
  }

  Status LockTo(mdl::LockType type) {
    if (ticket_->type() == type) return Status::OK();
    if (type < ticket_->type()) {
      mdl::Status s = ctx_.locks().Downgrade(ticket_, type);
      if (!s.ok()) return MdlStatusToSqlError(s);
      return Status::OK();
    }
    // No stage here: the processlist says "Waiting for table metadata lock" only once the
    // upgrade really waits (the lock manager's OnWaitBegin, after the request is queued), as
    // MySQL sets it inside the MDL wait. @@ddl_low_priority_window: queries arriving while the
    // upgrade waits (for an idle transaction, say) do not queue behind it until the window ends.
    mdl::Status s = ctx_.locks().Upgrade(ticket_, type, ctx_.lock_wait_timeout(),
                                         ctx_.ddl_low_priority_window());
    ctx_.SetStage("altering table");
    if (!s.ok()) return MdlStatusToSqlError(s);
    return Status::OK();
  }

  Status Sync(std::string_view point) { return ctx_.SyncPoint(point); }

  // Copies every row through `build` in batches; `first_batch_point` fires after the first.
  template <typename Build>
  Status CopyAll(Build& build, std::string_view first_batch_point, uint64_t* rows) {
    bool first = true;
    while (!build.Done()) {
      if (ctx_.Killed()) {
        return Status(ErrorCode::kQueryInterrupted, "Query execution was interrupted");
      }
      STORAGE_ASSIGN_OR_RETURN(uint64_t n, build.CopyBatch(kAlterBatchRows));
      *rows += n;
      if (first) {
        first = false;
        STORAGE_RETURN_IF_ERROR(Sync(first_batch_point));
      }
      if (n == 0) break;
    }
    if (first) STORAGE_RETURN_IF_ERROR(Sync(first_batch_point));
    return Status::OK();
  }

  // Metadata-only changes under X: drop indexes, then the definition, then the name.
  Status ApplyMetadata(const AlterDefPlan& plan) {
    for (const std::string& idx : plan.dropped_indexes) {
      STORAGE_RETURN_IF_ERROR(ctx_.engine().DropIndex(db_, name_, idx));
    }
    auto current = ctx_.engine().FindTable(db_, name_);
    if (current == nullptr) {
      return Status(ErrorCode::kNoSuchTable, "Table '" + db_ + "." + name_ + "' doesn't exist");
    }
    storage::TableDef def = plan.new_def;
    def.id = current->id;
    def.create_time = current->create_time;
    if (def.auto_increment < current->auto_increment) def.auto_increment = current->auto_increment;
    if (!(def == *current)) STORAGE_RETURN_IF_ERROR(ctx_.engine().ChangeTableMetadata(db_, name_, def));
    return Status::OK();
  }

  Status Rename(const AlterDefPlan& plan) {
    if (!plan.rename_to) return Status::OK();
    return ctx_.engine().RenameTable(db_, name_, plan.rename_to->first, plan.rename_to->second);
  }

  DdlContext& ctx() { return ctx_; }
  const std::string& db() const { return db_; }
  const std::string& name() const { return name_; }

 private:
  DdlContext& ctx_;
  const std::string db_;
  const std::string name_;
  mdl::Ticket* ticket_ = nullptr;
};

Result<StatementResult> RunAlter(const AlterRequest& req, DdlContext& ctx) {
  const std::string db = req.table.db.empty() ? ctx.current_db() : req.table.db;
  if (db.empty()) return SqlError(ErrorCode::kNoDatabaseSelected, "No database selected");
  auto old_def = ctx.engine().FindTable(db, req.table.name);
  if (old_def == nullptr) {
    return SqlError(ErrorCode::kNoSuchTable, "Table '" + db + "." + req.table.name + "' doesn't exist");
  }
  static const ast::TableOptions kNoOptions;
  STORAGE_ASSIGN_OR_RETURN(
      AlterDefPlan plan,
      PlanAlterDef(*old_def, req.specs, req.options ? *req.options : kNoOptions, req.force, db));
  if (plan.rename_to && ctx.engine().FindTable(plan.rename_to->first, plan.rename_to->second)) {
    return SqlError(ErrorCode::kTableExists, "Table '" + plan.rename_to->second + "' already exists");
  }
  STORAGE_ASSIGN_OR_RETURN(ast::AlterAlgorithm algorithm, ChooseAlgorithm(plan, req));

  AlterRun run(ctx, db, req.table.name);
  STORAGE_RETURN_IF_ERROR(run.Init());
  ctx.SetStage("altering table");
  STORAGE_RETURN_IF_ERROR(run.Sync("alter_opened_table"));
  StatementResult result;
  uint64_t rows = 0;
  const bool exclusive = req.lock == ast::AlterLock::kExclusive;

  if (algorithm == ast::AlterAlgorithm::kInstant) {
    STORAGE_RETURN_IF_ERROR(run.LockTo(mdl::LockType::kExclusive));
    STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_instant_after_lock_upgrade"));
    if (plan.work == AlterWork::kRebuild) {
      STORAGE_ASSIGN_OR_RETURN(auto rebuild,
                               ctx.engine().BeginRebuild(db, req.table.name, plan.new_def, plan.mapper));
      STORAGE_RETURN_IF_ERROR(run.CopyAll(*rebuild, "alter_table_instant_build", &rows));
      STORAGE_RETURN_IF_ERROR(rebuild->Commit());
    } else {
      STORAGE_RETURN_IF_ERROR(run.ApplyMetadata(plan));
    }
    STORAGE_RETURN_IF_ERROR(run.Rename(plan));
    result.info = "Records: 0  Duplicates: 0  Warnings: 0";
    return result;
  }

  if (algorithm == ast::AlterAlgorithm::kInplace) {
    // Prepare phase: a brief X, as mysql_inplace_alter_table() does.
    STORAGE_RETURN_IF_ERROR(run.LockTo(mdl::LockType::kExclusive));
    STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_inplace_after_lock_upgrade"));
    std::unique_ptr<storage::TableRebuild> rebuild;
    std::vector<std::unique_ptr<storage::IndexBuild>> index_builds;
    if (plan.work == AlterWork::kRebuild) {
      STORAGE_ASSIGN_OR_RETURN(rebuild,
                               ctx.engine().BeginRebuild(db, req.table.name, plan.new_def, plan.mapper));
    } else if (plan.work == AlterWork::kIndexBuild) {
      for (const storage::IndexDef& idx : plan.added_indexes) {
        STORAGE_ASSIGN_OR_RETURN(auto b, ctx.engine().BeginIndexBuild(db, req.table.name, idx));
        index_builds.push_back(std::move(b));
      }
    }
    if (!exclusive) {
      STORAGE_RETURN_IF_ERROR(run.LockTo(req.lock == ast::AlterLock::kShared
                                             ? mdl::LockType::kSharedNoWrite
                                             : mdl::LockType::kSharedUpgradable));
    }
    STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_inplace_after_lock_downgrade"));
    if (rebuild) STORAGE_RETURN_IF_ERROR(run.CopyAll(*rebuild, "alter_table_inplace_build", &rows));
    for (auto& b : index_builds) {
      STORAGE_RETURN_IF_ERROR(run.CopyAll(*b, "alter_table_inplace_build", &rows));
    }
    if (!rebuild && index_builds.empty()) STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_inplace_build"));
    STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_inplace_before_commit"));
    ctx.SetStage("committing alter table to storage engine");
    STORAGE_RETURN_IF_ERROR(run.LockTo(mdl::LockType::kExclusive));
    if (rebuild) {
      STORAGE_RETURN_IF_ERROR(rebuild->Commit());
    } else {
      for (auto& b : index_builds) STORAGE_RETURN_IF_ERROR(b->Commit());
      STORAGE_RETURN_IF_ERROR(run.ApplyMetadata(plan));
    }
    STORAGE_RETURN_IF_ERROR(run.Rename(plan));
    result.info = "Records: 0  Duplicates: 0  Warnings: 0";
    return result;
  }

  // COPY: reads may continue during the copy (SNW), writes wait.
  STORAGE_RETURN_IF_ERROR(
      run.LockTo(exclusive ? mdl::LockType::kExclusive : mdl::LockType::kSharedNoWrite));
  STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_copy_after_lock_upgrade"));
  ctx.SetStage("copy to tmp table");
  STORAGE_ASSIGN_OR_RETURN(auto rebuild,
                           ctx.engine().BeginRebuild(db, req.table.name, plan.new_def, plan.mapper));
  STORAGE_RETURN_IF_ERROR(run.CopyAll(*rebuild, "alter_table_copy_phase", &rows));
  STORAGE_RETURN_IF_ERROR(run.Sync("alter_table_before_rename_result_table"));
  ctx.SetStage("rename result table");
  STORAGE_RETURN_IF_ERROR(run.LockTo(mdl::LockType::kExclusive));
  STORAGE_RETURN_IF_ERROR(rebuild->Commit());
  STORAGE_RETURN_IF_ERROR(run.Rename(plan));
  result.affected_rows = rebuild->rows_copied();
  result.info = "Records: " + std::to_string(rebuild->rows_copied()) + "  Duplicates: 0  Warnings: 0";
  return result;
}

}  // namespace

Result<StatementResult> ExecuteAlterTable(const ast::AlterTableStmt& st, DdlContext& ctx) {
  AlterRequest req;
  req.table = st.table;
  for (const auto& s : st.specs) req.specs.push_back(&s);
  req.options = &st.options;
  req.force = st.force;
  req.algorithm = st.algorithm;
  req.lock = st.lock;
  return RunAlter(req, ctx);
}

Result<StatementResult> ExecuteCreateIndex(const ast::CreateIndexStmt& st, DdlContext& ctx) {
  ast::AlterSpec spec;
  spec.kind = ast::AlterSpecKind::kAddIndex;
  spec.index.kind = st.index.kind;
  spec.index.name = st.index.name;
  spec.index.columns = st.index.columns;
  spec.index.comment = st.index.comment;
  AlterRequest req;
  req.table = st.table;
  req.specs.push_back(&spec);
  req.algorithm = st.algorithm;
  req.lock = st.lock;
  return RunAlter(req, ctx);
}

Result<StatementResult> ExecuteDropIndex(const ast::DropIndexStmt& st, DdlContext& ctx) {
  ast::AlterSpec spec;
  spec.kind = ast::AlterSpecKind::kDropIndex;
  spec.name = st.name;
  AlterRequest req;
  req.table = st.table;
  req.specs.push_back(&spec);
  req.algorithm = st.algorithm;
  req.lock = st.lock;
  return RunAlter(req, ctx);
}

}  // namespace sql
