// INSERT / REPLACE, UPDATE and DELETE.
#include "sql/parser_impl.h"

namespace sql {

ast::ColumnRef Parser::ParseColumnName() {
  std::vector<std::string> parts{ParseIdent()};
  while (parts.size() < 3 && TryPunct(".")) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kQuotedIdent) FailHere();
    parts.push_back(Take().value);
  }
  ast::ColumnRef ref;
  ref.column = std::move(parts.back());
  if (parts.size() >= 2) ref.table = std::move(parts[parts.size() - 2]);
  if (parts.size() == 3) ref.db = std::move(parts[0]);
  return ref;
}

ast::Assignment Parser::ParseAssignment() {
  ast::Assignment assignment;
  assignment.pos = PeekPos();
  assignment.column = ParseColumnName();
  ExpectPunct("=");
  assignment.value = ParseExprOrDefault();
  return assignment;
}

ast::InsertStmt Parser::ParseInsert(bool replace) {
  Take();  // INSERT / REPLACE
  ast::InsertStmt insert;
  insert.replace = replace;
  if (TryWord("LOW_PRIORITY")) {
    insert.priority = ast::InsertPriority::kLowPriority;
  } else if (TryWord("DELAYED")) {
    insert.priority = ast::InsertPriority::kDelayed;
  } else if (!replace && TryWord("HIGH_PRIORITY")) {
    insert.priority = ast::InsertPriority::kHighPriority;
  }
  if (!replace) insert.ignore = TryWord("IGNORE");
  TryWord("INTO");
  insert.table = ParseTableName();
  if (PeekPunct("(") && !PeekSubqueryStart(0)) {
    Take();
    if (!PeekPunct(")")) {
      do {
        insert.columns.push_back(ParseColumnName().column);
      } while (TryPunct(","));
    }
    ExpectPunct(")");
  }
  if (TryWord("VALUES") || TryWord("VALUE")) {
    do {
      ExpectPunct("(");
      std::vector<ast::ExprPtr> row;
      if (!PeekPunct(")")) {
        do {
          row.push_back(ParseExprOrDefault());
        } while (TryPunct(","));
      }
      ExpectPunct(")");
      insert.rows.push_back(std::move(row));
    } while (TryPunct(","));
  } else if (PeekWord("SET") && insert.columns.empty()) {
    Take();
    std::vector<ast::ExprPtr> row;
    do {
      ast::Assignment assignment = ParseAssignment();
      insert.columns.push_back(std::move(assignment.column.column));
      row.push_back(std::move(assignment.value));
    } while (TryPunct(","));
    insert.rows.push_back(std::move(row));
  } else if (PeekWord("SELECT") || PeekSubqueryStart(0)) {
    insert.select = ParseSelect();
  } else {
    FailHere();
  }
  if (!replace && PeekWord("ON")) {
    Take();
    ExpectWord("DUPLICATE");
    ExpectWord("KEY");
    ExpectWord("UPDATE");
    do {
      insert.on_duplicate_update.push_back(ParseAssignment());
    } while (TryPunct(","));
  }
  return insert;
}

ast::UpdateStmt Parser::ParseUpdate() {
  Take();  // UPDATE
  ast::UpdateStmt update;
  update.low_priority = TryWord("LOW_PRIORITY");
  update.ignore = TryWord("IGNORE");
  update.tables = ParseTableRefList();
  ExpectWord("SET");
  do {
    update.set.push_back(ParseAssignment());
  } while (TryPunct(","));
  if (TryWord("WHERE")) update.where = ParseExpr();
  bool multi_table =
      update.tables.size() > 1 || update.tables[0].kind != ast::TableRefKind::kTable;
  if (PeekWord("ORDER")) {
    if (multi_table) FailHere();  // MySQL: "Incorrect usage of UPDATE and ORDER BY"
    Take();
    ExpectWord("BY");
    update.order_by = ParseOrderByList();
  }
  if (PeekWord("LIMIT")) {
    if (multi_table) FailHere();
    update.limit = ParseLimitClause(/*allow_offset=*/false);
  }
  return update;
}

ast::DeleteStmt Parser::ParseDelete() {
  Take();  // DELETE
  ast::DeleteStmt del;
  while (true) {
    if (TryWord("LOW_PRIORITY")) {
      del.low_priority = true;
    } else if (TryWord("QUICK")) {
      del.quick = true;
    } else if (TryWord("IGNORE")) {
      del.ignore = true;
    } else {
      break;
    }
  }
  ExpectWord("FROM");
  del.table = ParseTableName();
  del.alias = ParseOptionalAlias(/*allow_string=*/false);
  if (TryWord("WHERE")) del.where = ParseExpr();
  if (TryWord("ORDER")) {
    ExpectWord("BY");
    del.order_by = ParseOrderByList();
  }
  if (PeekWord("LIMIT")) del.limit = ParseLimitClause(/*allow_offset=*/false);
  return del;
}

}  // namespace sql
