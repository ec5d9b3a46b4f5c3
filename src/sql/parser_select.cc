// SELECT: query blocks, UNION, select lists, FROM clauses, ORDER BY, LIMIT, locking clauses.
#include "sql/parser_impl.h"

namespace sql {

std::unique_ptr<ast::SelectStmt> Parser::ParseSelect() {
  DepthGuard guard(this);
  bool last_parenthesized = PeekPunct("(");
  std::unique_ptr<ast::SelectStmt> first = ParseQueryPrimary();
  ast::SelectStmt* last = first.get();
  while (TryWord("UNION")) {
    ast::UnionTerm term;
    if (TryWord("ALL")) {
      term.all = true;
    } else {
      TryWord("DISTINCT");
    }
    last_parenthesized = PeekPunct("(");
    term.select = ParseQueryPrimary();
    last = term.select.get();
    first->unions.push_back(std::move(term));
  }
  bool is_union = !first->unions.empty();
  if (is_union && !last_parenthesized) {
    // The trailing ORDER BY / LIMIT of an unparenthesized last block belong to the union.
    first->union_order_by = std::move(last->order_by);
    last->order_by.clear();
    first->union_limit = std::move(last->limit);
    last->limit.reset();
  } else if (last_parenthesized) {
    // (SELECT ...) [UNION (SELECT ...)] ORDER BY ... LIMIT ...
    std::vector<ast::OrderItem>* order_by = is_union ? &first->union_order_by : &first->order_by;
    std::optional<ast::Limit>* limit = is_union ? &first->union_limit : &first->limit;
    if (PeekWord("ORDER")) {
      if (!order_by->empty()) FailHere();
      Take();
      ExpectWord("BY");
      *order_by = ParseOrderByList();
    }
    if (PeekWord("LIMIT")) {
      if (limit->has_value()) FailHere();
      *limit = ParseLimitClause(/*allow_offset=*/true);
    }
  }
  return first;
}

std::unique_ptr<ast::SelectStmt> Parser::ParseQueryPrimary() {
  if (PeekPunct("(")) {
    DepthGuard guard(this);
    Take();
    std::unique_ptr<ast::SelectStmt> inner = ParseSelect();
    ExpectPunct(")");
    return inner;
  }
  return ParseQueryBlock();
}

std::unique_ptr<ast::SelectStmt> Parser::ParseQueryBlock() {
  auto select = std::make_unique<ast::SelectStmt>();
  select->pos = PeekPos();
  ExpectWord("SELECT");
  while (true) {
    if (TryWord("DISTINCT") || TryWord("DISTINCTROW")) {
      select->distinct = true;
    } else if (TryWord("SQL_CALC_FOUND_ROWS")) {
      select->calc_found_rows = true;
    } else if (TryWord("ALL") || TryWord("SQL_NO_CACHE") || TryWord("SQL_CACHE") ||
               TryWord("HIGH_PRIORITY") || TryWord("STRAIGHT_JOIN") ||
               TryWord("SQL_SMALL_RESULT") || TryWord("SQL_BIG_RESULT") ||
               TryWord("SQL_BUFFER_RESULT")) {
      // Optimizer and cache hints: accepted, no effect here.
    } else {
      break;
    }
  }
  do {
    select->items.push_back(ParseSelectItem());
  } while (TryPunct(","));
  if (TryWord("FROM")) {
    if (!TryWord("DUAL")) select->from = ParseTableRefList();
  }
  if (TryWord("WHERE")) select->where = ParseExpr();
  if (TryWord("GROUP")) {
    ExpectWord("BY");
    select->group_by = ParseExprList();
  }
  if (TryWord("HAVING")) select->having = ParseExpr();
  if (TryWord("ORDER")) {
    ExpectWord("BY");
    select->order_by = ParseOrderByList();
  }
  if (PeekWord("LIMIT")) select->limit = ParseLimitClause(/*allow_offset=*/true);
  ParseLockingClause(select.get());
  return select;
}

ast::SelectItem Parser::ParseSelectItem() {
  ast::SelectItem item;
  item.pos = PeekPos();
  if (TryPunct("*")) {
    item.star = true;
    item.name = "*";
    return item;
  }
  auto name_token = [&](size_t k) {
    return Peek(k).kind == TokenKind::kQuotedIdent || Peek(k).kind == TokenKind::kWord;
  };
  if (name_token(0) && PeekPunct(".", 1) && PeekPunct("*", 2)) {
    item.star = true;
    item.star_table = Take().value;
    Take();
    Take();
    item.name = "*";
    return item;
  }
  if (name_token(0) && PeekPunct(".", 1) && name_token(2) && PeekPunct(".", 3) &&
      PeekPunct("*", 4)) {
    item.star = true;
    item.star_db = Take().value;
    Take();
    item.star_table = Take().value;
    Take();
    Take();
    item.name = "*";
    return item;
  }
  size_t begin = Peek().begin;
  item.expr = ParseExpr();
  size_t end = prev_end_;
  item.alias = ParseOptionalAlias(/*allow_string=*/true);
  if (!item.alias.empty()) {
    item.name = item.alias;
  } else if (const auto* ref = item.expr->As<ast::ColumnRef>()) {
    item.name = ref->column;
  } else if (const auto* lit = item.expr->As<ast::Literal>();
             lit != nullptr && lit->type == ast::LiteralType::kString) {
    item.name = lit->value.text();
  } else {
    item.name = SourceText(begin, end);
  }
  return item;
}

std::string Parser::ParseOptionalAlias(bool allow_string) {
  if (TryWord("AS")) {
    if (allow_string && Peek().kind == TokenKind::kString) return ParseStringLiteral();
    return ParseIdent();
  }
  if (IsIdentToken(Peek())) return Take().value;
  if (allow_string && Peek().kind == TokenKind::kString) return ParseStringLiteral();
  return "";
}

std::vector<ast::TableRef> Parser::ParseTableRefList() {
  std::vector<ast::TableRef> refs;
  do {
    refs.push_back(ParseJoinedTable());
  } while (TryPunct(","));
  return refs;
}

ast::TableRef Parser::ParseJoinedTable() {
  ast::TableRef left = ParseTableFactor();
  while (true) {
    ast::JoinType type;
    bool needs_condition = false;
    if (TryWord("INNER") || TryWord("CROSS")) {
      ExpectWord("JOIN");
      type = ast::JoinType::kInner;
    } else if (TryWord("JOIN")) {
      type = ast::JoinType::kInner;
    } else if (TryWord("STRAIGHT_JOIN")) {
      type = ast::JoinType::kStraight;
    } else if (PeekWord("LEFT") || PeekWord("RIGHT")) {
      type = Take().IsWord("LEFT") ? ast::JoinType::kLeft : ast::JoinType::kRight;
      TryWord("OUTER");
      ExpectWord("JOIN");
      needs_condition = true;
    } else {
      return left;
    }
    ast::TableRef join;
    join.kind = ast::TableRefKind::kJoin;
    join.pos = left.pos;
    join.join_type = type;
    join.left = std::make_unique<ast::TableRef>(std::move(left));
    join.right = std::make_unique<ast::TableRef>(ParseTableFactor());
    if (TryWord("ON")) {
      join.on = ParseExpr();
    } else if (TryWord("USING")) {
      join.using_columns = ParseParenIdentList();
    } else if (needs_condition) {
      FailHere();
    }
    left = std::move(join);
  }
}

ast::TableRef Parser::ParseTableFactor() {
  DepthGuard guard(this);
  ast::TableRef ref;
  ref.pos = PeekPos();
  if (PeekPunct("(")) {
    if (PeekSubqueryStart(1)) {
      Take();
      ref.kind = ast::TableRefKind::kDerived;
      ref.derived = ParseSelect();
      ExpectPunct(")");
      ref.alias = ParseOptionalAlias(/*allow_string=*/false);
      // MySQL: "Every derived table must have its own alias" is a syntax-level requirement.
      if (ref.alias.empty()) FailHere();
      return ref;
    }
    Take();
    ast::TableRef inner = ParseJoinedTable();
    ExpectPunct(")");
    return inner;
  }
  ref.kind = ast::TableRefKind::kTable;
  ref.table = ParseTableName();
  ref.alias = ParseOptionalAlias(/*allow_string=*/false);
  SkipIndexHints();
  return ref;
}

void Parser::SkipIndexHints() {
  while (PeekWord("USE") || PeekWord("FORCE") || PeekWord("IGNORE")) {
    if (!PeekWord("INDEX", 1) && !PeekWord("KEY", 1)) return;
    Take();
    Take();
    if (TryWord("FOR")) {
      if (TryWord("JOIN")) {
      } else if (TryWord("ORDER") || TryWord("GROUP")) {
        ExpectWord("BY");
      } else {
        FailHere();
      }
    }
    ExpectPunct("(");
    if (!PeekPunct(")")) {
      do {
        if (!TryWord("PRIMARY")) ParseIdent();
      } while (TryPunct(","));
    }
    ExpectPunct(")");
    TryPunct(",");
  }
}

std::vector<ast::OrderItem> Parser::ParseOrderByList() {
  std::vector<ast::OrderItem> items;
  do {
    ast::OrderItem item;
    item.expr = ParseExpr();
    if (TryWord("DESC")) {
      item.descending = true;
    } else {
      TryWord("ASC");
    }
    items.push_back(std::move(item));
  } while (TryPunct(","));
  return items;
}

ast::ExprPtr Parser::ParseLimitValue() {
  const Token& t = Peek();
  ast::SourcePos pos = PosOf(t);
  if (t.kind == TokenKind::kParam) {
    Take();
    return MakeExpr(pos, ast::Param{param_count_++});
  }
  if (t.kind != TokenKind::kInt) FailHere();
  Token number = Take();
  return ParseNumber(number, pos);
}

std::optional<ast::Limit> Parser::ParseLimitClause(bool allow_offset) {
  ExpectWord("LIMIT");
  ast::Limit limit;
  ast::ExprPtr first = ParseLimitValue();
  if (allow_offset && TryPunct(",")) {
    limit.offset = std::move(first);
    limit.count = ParseLimitValue();
  } else if (allow_offset && TryWord("OFFSET")) {
    limit.count = std::move(first);
    limit.offset = ParseLimitValue();
  } else {
    limit.count = std::move(first);
  }
  return limit;
}

void Parser::ParseLockingClause(ast::SelectStmt* select) {
  if (PeekWord("LOCK") && PeekWord("IN", 1)) {
    Take();
    Take();
    ExpectWord("SHARE");
    ExpectWord("MODE");
    select->lock_mode = ast::RowLockMode::kForShare;
    return;
  }
  if (!PeekWord("FOR")) return;
  if (!PeekWord("UPDATE", 1) && !PeekWord("SHARE", 1)) return;
  Take();
  select->lock_mode =
      Take().IsWord("UPDATE") ? ast::RowLockMode::kForUpdate : ast::RowLockMode::kForShare;
  if (TryWord("OF")) {
    do {
      ParseTableName();
    } while (TryPunct(","));
  }
  if (TryWord("NOWAIT")) {
    select->lock_wait = ast::RowLockWait::kNoWait;
  } else if (PeekWord("SKIP")) {
    Take();
    ExpectWord("LOCKED");
    select->lock_wait = ast::RowLockWait::kSkipLocked;
  }
}

}  // namespace sql
