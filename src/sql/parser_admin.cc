// SET, SHOW, DESCRIBE/EXPLAIN, transactions, LOCK/FLUSH, KILL, prepared statements.
#include "sql/parser_impl.h"

namespace sql {
namespace {

bool ScopeKeyword(const Token& t, ast::VarScope* scope) {
  if (t.IsWord("GLOBAL")) {
    *scope = ast::VarScope::kGlobal;
  } else if (t.IsWord("SESSION") || t.IsWord("LOCAL")) {
    *scope = ast::VarScope::kSession;
  } else if (t.IsWord("PERSIST")) {
    *scope = ast::VarScope::kPersist;
  } else if (t.IsWord("PERSIST_ONLY")) {
    *scope = ast::VarScope::kPersistOnly;
  } else {
    return false;
  }
  return true;
}

}  // namespace

ast::Statement::Node Parser::ParseSet() {
  Take();  // SET
  ast::VarScope scope = ast::VarScope::kDefault;
  if (PeekWord("TRANSACTION")) return ParseSetTransaction(ast::VarScope::kDefault);
  if ((PeekWord("GLOBAL") || PeekWord("SESSION") || PeekWord("LOCAL")) &&
      PeekWord("TRANSACTION", 1)) {
    ScopeKeyword(Take(), &scope);
    return ParseSetTransaction(scope);
  }
  ast::SetStmt set;
  do {
    set.items.push_back(ParseSetItem(&scope));
  } while (TryPunct(","));
  return set;
}

ast::SetItem Parser::ParseSetItem(ast::VarScope* scope) {
  ast::SetItem item;
  item.pos = PeekPos();
  if (PeekWord("NAMES") && !PeekPunct("=", 1)) {
    Take();
    item.kind = ast::SetItemKind::kNames;
    item.charset = TryWord("DEFAULT") ? "DEFAULT" : ParseIdentOrString();
    if (TryWord("COLLATE")) item.collation = ParseIdentOrString();
    return item;
  }
  if ((PeekWord("CHARACTER") && PeekWord("SET", 1)) ||
      (PeekWord("CHARSET") && !PeekPunct("=", 1))) {
    if (Take().IsWord("CHARACTER")) Take();
    item.kind = ast::SetItemKind::kCharacterSet;
    item.charset = TryWord("DEFAULT") ? "DEFAULT" : ParseIdentOrString();
    return item;
  }
  if (Peek().kind == TokenKind::kUserVar) {
    item.kind = ast::SetItemKind::kUserVar;
    item.name = Take().value;
    if (!TryPunct(":=")) ExpectPunct("=");
    item.value = ParseSetValue();
    return item;
  }
  item.kind = ast::SetItemKind::kSystemVar;
  ast::VarScope keyword_scope;
  if (ScopeKeyword(Peek(), &keyword_scope) && !PeekPunct("=", 1)) {
    Take();
    *scope = keyword_scope;
  }
  item.scope = *scope;
  if (Peek().kind == TokenKind::kAtAt) {
    Take();
    item.scope = ast::VarScope::kSession;
    ast::VarScope explicit_scope;
    if (ScopeKeyword(Peek(), &explicit_scope) && PeekPunct(".", 1)) {
      item.scope = explicit_scope;
      Take();
      Take();
    }
  }
  const Token& name = Peek();
  if (name.kind != TokenKind::kWord && name.kind != TokenKind::kQuotedIdent) FailHere();
  if (name.kind == TokenKind::kWord && IsReservedWord(name.value)) FailHere();
  item.name = Take().value;
  if (!TryPunct(":=")) ExpectPunct("=");
  item.value = ParseSetValue();
  // `SET sql_mode = TRADITIONAL`, `SET autocommit = OFF`: a bare word is the value's name.
  if (const auto* ref = item.value->As<ast::ColumnRef>();
      ref != nullptr && ref->table.empty()) {
    item.value = MakeExpr(item.value->pos, ast::Literal{ast::LiteralType::kString,
                                                        storage::Value::String(ref->column)});
  }
  return item;
}

ast::ExprPtr Parser::ParseSetValue() {
  // MySQL's set_expr_or_default: DEFAULT, and the reserved words ON, ALL, BINARY, ROW, SYSTEM
  // standing alone, are values here.
  if (PeekWord("DEFAULT") && !PeekPunct("(", 1)) return ParseExprOrDefault();
  const Token& t = Peek();
  if ((t.IsWord("ON") || t.IsWord("ALL") || t.IsWord("BINARY") || t.IsWord("ROW") ||
       t.IsWord("SYSTEM")) &&
      (PeekPunct(",", 1) || Peek(1).kind == TokenKind::kEnd || PeekPunct(";", 1))) {
    ast::SourcePos pos = PeekPos();
    return MakeExpr(pos, ast::Literal{ast::LiteralType::kString,
                                      storage::Value::String(base::AsciiUpper(Take().value))});
  }
  return ParseExpr();
}

ast::SetTransactionStmt Parser::ParseSetTransaction(ast::VarScope scope) {
  ExpectWord("TRANSACTION");
  ast::SetTransactionStmt set;
  set.scope = scope;
  do {
    if (TryWord("ISOLATION")) {
      ExpectWord("LEVEL");
      set.isolation = ParseIsolationLevel();
    } else if (TryWord("READ")) {
      if (TryWord("ONLY")) {
        set.read_only = true;
      } else {
        ExpectWord("WRITE");
        set.read_only = false;
      }
    } else {
      FailHere();
    }
  } while (TryPunct(","));
  return set;
}

ast::IsolationLevel Parser::ParseIsolationLevel() {
  if (TryWord("SERIALIZABLE")) return ast::IsolationLevel::kSerializable;
  if (TryWord("REPEATABLE")) {
    ExpectWord("READ");
    return ast::IsolationLevel::kRepeatableRead;
  }
  ExpectWord("READ");
  if (TryWord("COMMITTED")) return ast::IsolationLevel::kReadCommitted;
  ExpectWord("UNCOMMITTED");
  return ast::IsolationLevel::kReadUncommitted;
}

void Parser::ParseShowFilter(ast::ShowStmt* show, bool allow_where) {
  if (TryWord("LIKE")) {
    show->like_pattern = ParseStringLiteral();
  } else if (allow_where && TryWord("WHERE")) {
    show->where = ParseExpr();
  }
}

std::string Parser::ParseShowFromDb() {
  if (TryWord("FROM") || TryWord("IN")) return ParseIdent();
  return "";
}

ast::ShowStmt Parser::ParseShow() {
  Take();  // SHOW
  ast::ShowStmt show;
  const Token full_token = Peek();
  show.full = TryWord("FULL");
  auto no_full = [&]() {
    if (show.full) Fail(full_token);
  };
  if (TryWord("DATABASES") || TryWord("SCHEMAS")) {
    no_full();
    show.kind = ast::ShowKind::kDatabases;
    ParseShowFilter(&show, true);
  } else if (TryWord("TABLES")) {
    show.kind = ast::ShowKind::kTables;
    show.db = ParseShowFromDb();
    ParseShowFilter(&show, true);
  } else if (TryWord("COLUMNS") || TryWord("FIELDS")) {
    show.kind = ast::ShowKind::kColumns;
    if (!TryWord("FROM")) ExpectWord("IN");
    show.table = ParseTableName();
    std::string db = ParseShowFromDb();
    if (!db.empty()) show.table.db = db;
    show.db = show.table.db;
    ParseShowFilter(&show, true);
  } else if (TryWord("INDEX") || TryWord("INDEXES") || TryWord("KEYS")) {
    no_full();
    show.kind = ast::ShowKind::kIndex;
    if (!TryWord("FROM")) ExpectWord("IN");
    show.table = ParseTableName();
    std::string db = ParseShowFromDb();
    if (!db.empty()) show.table.db = db;
    show.db = show.table.db;
    if (TryWord("WHERE")) show.where = ParseExpr();
  } else if (TryWord("PROCESSLIST")) {
    show.kind = ast::ShowKind::kProcesslist;
  } else if (show.full) {
    FailHere();
  } else if (TryWord("CREATE")) {
    if (TryWord("TABLE")) {
      show.kind = ast::ShowKind::kCreateTable;
      show.table = ParseTableName();
    } else {
      if (!TryWord("DATABASE")) ExpectWord("SCHEMA");
      show.kind = ast::ShowKind::kCreateDatabase;
      if (TryWord("IF")) {
        ExpectWord("NOT");
        ExpectWord("EXISTS");
        show.if_not_exists = true;
      }
      show.db = ParseIdent();
    }
  } else if (PeekWord("GLOBAL") || PeekWord("SESSION") || PeekWord("LOCAL") ||
             PeekWord("VARIABLES") || PeekWord("STATUS")) {
    if (!PeekWord("VARIABLES") && !PeekWord("STATUS")) ScopeKeyword(Take(), &show.scope);
    show.kind = TryWord("VARIABLES") ? ast::ShowKind::kVariables : ast::ShowKind::kStatus;
    if (show.kind == ast::ShowKind::kStatus) ExpectWord("STATUS");
    ParseShowFilter(&show, true);
  } else if (PeekWord("WARNINGS") || PeekWord("ERRORS")) {
    show.kind = Take().IsWord("ERRORS") ? ast::ShowKind::kErrors : ast::ShowKind::kWarnings;
    if (PeekWord("LIMIT")) show.limit = ParseLimitClause(/*allow_offset=*/true);
  } else if (PeekWord("COUNT") && PeekPunct("(", 1)) {
    Take();
    Take();
    ExpectPunct("*");
    ExpectPunct(")");
    if (TryWord("WARNINGS")) {
      show.kind = ast::ShowKind::kCountWarnings;
    } else {
      ExpectWord("ERRORS");
      show.kind = ast::ShowKind::kCountErrors;
    }
  } else if (TryWord("ENGINE")) {
    show.kind = ast::ShowKind::kEngineStatus;
    show.engine = ParseIdent();
    ExpectWord("STATUS");
  } else if (TryWord("STORAGE") || PeekWord("ENGINES")) {
    ExpectWord("ENGINES");
    show.kind = ast::ShowKind::kEngines;
  } else if ((PeekWord("CHARACTER") && PeekWord("SET", 1)) || PeekWord("CHARSET")) {
    if (Take().IsWord("CHARACTER")) Take();
    show.kind = ast::ShowKind::kCharset;
    ParseShowFilter(&show, true);
  } else if (TryWord("COLLATION")) {
    show.kind = ast::ShowKind::kCollation;
    ParseShowFilter(&show, true);
  } else if (PeekWord("TABLE") && PeekWord("STATUS", 1)) {
    Take();
    Take();
    show.kind = ast::ShowKind::kTableStatus;
    show.db = ParseShowFromDb();
    ParseShowFilter(&show, true);
  } else if (PeekWord("OPEN") && PeekWord("TABLES", 1)) {
    Take();
    Take();
    show.kind = ast::ShowKind::kOpenTables;
    show.db = ParseShowFromDb();
    ParseShowFilter(&show, true);
  } else if (PeekWord("BINLOG") && PeekWord("EVENTS", 1)) {
    Take();
    Take();
    show.kind = ast::ShowKind::kBinlogEvents;
    if (TryWord("IN")) show.log_name = ParseStringLiteral();
    if (TryWord("FROM")) show.from_pos = ParseUInt64();
    if (PeekWord("LIMIT")) show.limit = ParseLimitClause(/*allow_offset=*/true);
  } else if (TryWord("GRANTS")) {
    show.kind = ast::ShowKind::kGrants;
    if (TryWord("FOR")) {
      ast::UserName user = ParseUserName();
      show.user = std::move(user.user);
      show.host = std::move(user.host);
    }
  } else if ((PeekWord("BINARY") || PeekWord("MASTER")) && PeekWord("LOGS", 1)) {
    Take();
    Take();
    show.kind = ast::ShowKind::kBinaryLogs;
  } else if ((PeekWord("MASTER") && PeekWord("STATUS", 1)) ||
             (PeekWord("BINARY") && PeekWord("LOG", 1) && PeekWord("STATUS", 2))) {
    if (Take().IsWord("BINARY")) Take();
    Take();
    show.kind = ast::ShowKind::kMasterStatus;
  } else {
    FailHere();
  }
  return show;
}

ast::Statement::Node Parser::ParseDescribe() {
  Take();  // DESCRIBE / DESC / EXPLAIN
  ast::ExplainStmt explain;
  if (TryWord("FORMAT")) {
    ExpectPunct("=");
    explain.format = base::AsciiUpper(ParseIdentOrString());
  }
  if (!explain.format.empty() || PeekWord("SELECT") || PeekPunct("(") || PeekWord("INSERT") ||
      PeekWord("REPLACE") || PeekWord("UPDATE") || PeekWord("DELETE")) {
    if (!PeekWord("SELECT") && !PeekPunct("(") && !PeekWord("INSERT") &&
        !PeekWord("REPLACE") && !PeekWord("UPDATE") && !PeekWord("DELETE")) {
      FailHere();
    }
    auto inner = std::make_unique<ast::Statement>();
    inner->pos = PeekPos();
    size_t begin = Peek().begin;
    inner->node = ParseStatementBody();
    inner->text = SourceText(begin, prev_end_);
    inner->param_count = param_count_;
    explain.statement = std::move(inner);
    return explain;
  }
  // DESCRIBE t [column | 'pattern'] ≡ SHOW COLUMNS FROM t [LIKE ...].
  ast::ShowStmt show;
  show.kind = ast::ShowKind::kColumns;
  show.table = ParseTableName();
  show.db = show.table.db;
  if (Peek().kind == TokenKind::kString) {
    show.like_pattern = ParseStringLiteral();
  } else if (IsIdentToken(Peek())) {
    show.like_pattern = ParseIdent();
  }
  return show;
}

ast::TransactionStmt Parser::ParseStartTransaction() {
  Take();  // START
  ExpectWord("TRANSACTION");
  ast::TransactionStmt txn;
  txn.action = ast::TransactionAction::kBegin;
  txn.start_transaction = true;
  if (AtStatementEnd()) return txn;
  do {
    if (TryWord("WITH")) {
      ExpectWord("CONSISTENT");
      ExpectWord("SNAPSHOT");
      txn.with_consistent_snapshot = true;
    } else {
      ExpectWord("READ");
      if (TryWord("ONLY")) {
        txn.read_only = true;
      } else {
        ExpectWord("WRITE");
        txn.read_only = false;
      }
    }
  } while (TryPunct(","));
  return txn;
}

ast::TransactionStmt Parser::ParseCommitOrRollback(bool commit) {
  Take();  // COMMIT / ROLLBACK
  ast::TransactionStmt txn;
  txn.action = commit ? ast::TransactionAction::kCommit : ast::TransactionAction::kRollback;
  TryWord("WORK");
  if (!commit && TryWord("TO")) {
    TryWord("SAVEPOINT");
    txn.action = ast::TransactionAction::kRollbackToSavepoint;
    txn.savepoint = ParseIdent();
    return txn;
  }
  if (TryWord("AND")) {
    txn.chain = !TryWord("NO");
    ExpectWord("CHAIN");
  }
  if (PeekWord("NO") && PeekWord("RELEASE", 1)) {
    Take();
    Take();
    txn.release = false;
  } else if (TryWord("RELEASE")) {
    txn.release = true;
  }
  return txn;
}

ast::LockTablesStmt Parser::ParseLockTables() {
  if (!TryWord("TABLES")) ExpectWord("TABLE");
  ast::LockTablesStmt lock;
  do {
    ast::TableLockItem item;
    item.table = ParseTableName();
    item.alias = ParseOptionalAlias(/*allow_string=*/false);
    if (TryWord("READ")) {
      item.mode = TryWord("LOCAL") ? ast::TableLockMode::kReadLocal : ast::TableLockMode::kRead;
    } else if (TryWord("LOW_PRIORITY")) {
      ExpectWord("WRITE");
      item.mode = ast::TableLockMode::kLowPriorityWrite;
    } else {
      ExpectWord("WRITE");
      item.mode = ast::TableLockMode::kWrite;
    }
    lock.tables.push_back(std::move(item));
  } while (TryPunct(","));
  return lock;
}

ast::FlushStmt Parser::ParseFlush() {
  Take();  // FLUSH
  ast::FlushStmt flush;
  if (!TryWord("NO_WRITE_TO_BINLOG")) TryWord("LOCAL");
  if (TryWord("TABLES") || TryWord("TABLE")) {
    flush.tables = true;
    if (IsIdentToken(Peek())) {
      do {
        flush.table_list.push_back(ParseTableName());
      } while (TryPunct(","));
    }
    if (TryWord("WITH")) {
      ExpectWord("READ");
      ExpectWord("LOCK");
      flush.with_read_lock = true;
    } else if (TryWord("FOR")) {
      ExpectWord("EXPORT");
      if (flush.table_list.empty()) FailHere();
      flush.for_export = true;
    }
    return flush;
  }
  static constexpr std::string_view kLogKinds[] = {"BINARY", "ENGINE", "ERROR", "GENERAL",
                                                   "RELAY", "SLOW"};
  static constexpr std::string_view kOptions[] = {"PRIVILEGES", "LOGS",  "STATUS",
                                                  "HOSTS", "OPTIMIZER_COSTS", "USER_RESOURCES"};
  do {
    bool found = false;
    for (std::string_view kind : kLogKinds) {
      if (PeekWord(kind) && PeekWord("LOGS", 1)) {
        Take();
        Take();
        flush.other_options.push_back(std::string(kind) + " LOGS");
        found = true;
        break;
      }
    }
    for (std::string_view option : kOptions) {
      if (!found && TryWord(option)) {
        flush.other_options.emplace_back(option);
        found = true;
      }
    }
    if (!found) FailHere();
  } while (TryPunct(","));
  return flush;
}

ast::KillStmt Parser::ParseKill() {
  Take();  // KILL
  ast::KillStmt kill;
  if (TryWord("QUERY")) {
    kill.query_only = true;
  } else {
    TryWord("CONNECTION");
  }
  kill.id = ParseExpr();
  return kill;
}

ast::PrepareStmt Parser::ParsePrepare() {
  Take();  // PREPARE
  ast::PrepareStmt prepare;
  prepare.name = ParseIdent();
  ExpectWord("FROM");
  if (Peek().kind == TokenKind::kUserVar) {
    prepare.user_var = Take().value;
  } else {
    prepare.text = ParseStringLiteral();
  }
  return prepare;
}

ast::ExecuteStmt Parser::ParseExecute() {
  Take();  // EXECUTE
  ast::ExecuteStmt execute;
  execute.name = ParseIdent();
  if (TryWord("USING")) {
    do {
      if (Peek().kind != TokenKind::kUserVar) FailHere();
      execute.using_vars.push_back(Take().value);
    } while (TryPunct(","));
  }
  return execute;
}

}  // namespace sql
