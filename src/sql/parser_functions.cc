// Function calls (including aggregates and the special forms of SUBSTRING, EXTRACT,
// POSITION, TRIM, GROUP_CONCAT), CASE, CAST / CONVERT targets and INTERVAL.
#include "sql/parser_impl.h"

namespace sql {

using ast::ExprPtr;

ExprPtr Parser::ParseFunctionArgs(ast::SourcePos pos, std::string db, std::string name) {
  DepthGuard guard(this);
  ExpectPunct("(");
  ast::FunctionCall call;
  call.db = std::move(db);
  call.name = std::move(name);
  if (TryPunct(")")) return MakeExpr(pos, std::move(call));
  bool aggregate = call.db.empty() && ast::IsAggregateFunction(call.name);
  if (aggregate) {
    if (call.name == "COUNT" && TryPunct("*")) {
      call.star = true;
      ExpectPunct(")");
      return MakeExpr(pos, std::move(call));
    }
    if (TryWord("DISTINCT") || TryWord("DISTINCTROW")) {
      call.distinct = true;
    } else {
      TryWord("ALL");
    }
  }
  if (call.name == "GROUP_CONCAT" && aggregate) {
    call.args = ParseExprList();
    if (TryWord("ORDER")) {
      ExpectWord("BY");
      call.order_by = ParseOrderByList();
    }
    if (TryWord("SEPARATOR")) call.separator = ParseStringLiteral();
  } else if ((call.name == "SUBSTRING" || call.name == "SUBSTR") && call.db.empty()) {
    call.args.push_back(ParseExpr());
    if (TryWord("FROM")) {
      call.args.push_back(ParseExpr());
      if (TryWord("FOR")) call.args.push_back(ParseExpr());
    } else {
      while (TryPunct(",")) call.args.push_back(ParseExpr());
    }
  } else if (call.name == "EXTRACT" && call.db.empty()) {
    // EXTRACT(unit FROM x) → args [unit name as a string literal, x].
    ast::SourcePos unit_pos = PeekPos();
    std::string unit = base::AsciiUpper(Peek().value);
    ParseIntervalUnit();
    call.args.push_back(MakeExpr(
        unit_pos, ast::Literal{ast::LiteralType::kString, storage::Value::String(unit)}));
    ExpectWord("FROM");
    call.args.push_back(ParseExpr());
  } else if (call.name == "POSITION" && call.db.empty()) {
    // POSITION(substr IN str) ≡ LOCATE(substr, str).
    call.args.push_back(ParseBitExpr(1));
    ExpectWord("IN");
    call.args.push_back(ParseExpr());
  } else if (call.name == "TRIM" && call.db.empty()) {
    // TRIM([{BOTH|LEADING|TRAILING} [remstr] FROM] str) → TRIM / TRIM_LEADING / TRIM_TRAILING
    // with args [str] or [str, remstr].
    bool directional = false;
    if (TryWord("LEADING")) {
      call.name = "TRIM_LEADING";
      directional = true;
    } else if (TryWord("TRAILING")) {
      call.name = "TRIM_TRAILING";
      directional = true;
    } else if (TryWord("BOTH")) {
      directional = true;
    }
    if (directional && TryWord("FROM")) {
      call.args.push_back(ParseExpr());
    } else {
      ExprPtr first = ParseExpr();
      if (TryWord("FROM")) {
        call.args.push_back(ParseExpr());
        call.args.push_back(std::move(first));
      } else {
        if (directional) FailHere();
        call.args.push_back(std::move(first));
      }
    }
  } else {
    call.args = ParseExprList();
  }
  ExpectPunct(")");
  return MakeExpr(pos, std::move(call));
}


ExprPtr Parser::ParseCase(ast::SourcePos pos) {
  DepthGuard guard(this);
  ast::Case c;
  if (!PeekWord("WHEN")) c.operand = ParseExpr();
  if (!PeekWord("WHEN")) FailHere();
  while (TryWord("WHEN")) {
    ast::WhenClause when;
    when.when = ParseExpr();
    ExpectWord("THEN");
    when.then = ParseExpr();
    c.whens.push_back(std::move(when));
  }
  if (TryWord("ELSE")) c.else_result = ParseExpr();
  ExpectWord("END");
  return MakeExpr(pos, std::move(c));
}


ExprPtr Parser::ParseCastTarget(ast::SourcePos pos, ExprPtr operand) {
  ast::Cast cast;
  cast.operand = std::move(operand);
  auto optional_length = [&]() {
    if (TryPunct("(")) {
      cast.length = ParseUInt32();
      ExpectPunct(")");
    }
  };
  const Token& t = Peek();
  if (t.IsWord("CHAR") || t.IsWord("NCHAR")) {
    Take();
    cast.kind = ast::CastKind::kChar;
    optional_length();
    if (TryWord("CHARACTER")) {
      ExpectWord("SET");
      cast.charset = ParseIdentOrString();
    } else if (TryWord("CHARSET")) {
      cast.charset = ParseIdentOrString();
    } else if (TryWord("BINARY")) {
      cast.charset = "binary";
    }
  } else if (t.IsWord("BINARY")) {
    Take();
    cast.kind = ast::CastKind::kBinary;
    optional_length();
  } else if (t.IsWord("SIGNED") || t.IsWord("UNSIGNED")) {
    cast.kind = t.IsWord("SIGNED") ? ast::CastKind::kSigned : ast::CastKind::kUnsigned;
    Take();
    if (!TryWord("INTEGER")) TryWord("INT");
  } else if (t.IsWord("DECIMAL")) {
    Take();
    cast.kind = ast::CastKind::kDecimal;
    if (TryPunct("(")) {
      cast.length = ParseUInt32();
      if (TryPunct(",")) cast.scale = ParseUInt32();
      ExpectPunct(")");
    }
  } else if (t.IsWord("DOUBLE") || t.IsWord("REAL")) {
    Take();
    cast.kind = ast::CastKind::kDouble;
  } else if (t.IsWord("FLOAT")) {
    Take();
    cast.kind = ast::CastKind::kFloat;
    optional_length();
  } else if (t.IsWord("DATE")) {
    Take();
    cast.kind = ast::CastKind::kDate;
  } else if (t.IsWord("TIME")) {
    Take();
    cast.kind = ast::CastKind::kTime;
    optional_length();
  } else if (t.IsWord("DATETIME")) {
    Take();
    cast.kind = ast::CastKind::kDateTime;
    optional_length();
  } else if (t.IsWord("JSON")) {
    Take();
    cast.kind = ast::CastKind::kJson;
  } else {
    FailHere();
  }
  return MakeExpr(pos, std::move(cast));
}


ExprPtr Parser::ParseInterval(ast::SourcePos pos) {
  DepthGuard guard(this);
  ast::Interval interval;
  interval.value = ParseExpr();
  interval.unit = ParseIntervalUnit();
  return MakeExpr(pos, std::move(interval));
}


ast::IntervalUnit Parser::ParseIntervalUnit() {
  using ast::IntervalUnit;
  static constexpr std::pair<std::string_view, IntervalUnit> kUnits[] = {
      {"MICROSECOND", IntervalUnit::kMicrosecond},
      {"SECOND", IntervalUnit::kSecond},
      {"MINUTE", IntervalUnit::kMinute},
      {"HOUR", IntervalUnit::kHour},
      {"DAY", IntervalUnit::kDay},
      {"WEEK", IntervalUnit::kWeek},
      {"MONTH", IntervalUnit::kMonth},
      {"QUARTER", IntervalUnit::kQuarter},
      {"YEAR", IntervalUnit::kYear},
      {"SECOND_MICROSECOND", IntervalUnit::kSecondMicrosecond},
      {"MINUTE_MICROSECOND", IntervalUnit::kMinuteMicrosecond},
      {"MINUTE_SECOND", IntervalUnit::kMinuteSecond},
      {"HOUR_MICROSECOND", IntervalUnit::kHourMicrosecond},
      {"HOUR_SECOND", IntervalUnit::kHourSecond},
      {"HOUR_MINUTE", IntervalUnit::kHourMinute},
      {"DAY_MICROSECOND", IntervalUnit::kDayMicrosecond},
      {"DAY_SECOND", IntervalUnit::kDaySecond},
      {"DAY_MINUTE", IntervalUnit::kDayMinute},
      {"DAY_HOUR", IntervalUnit::kDayHour},
      {"YEAR_MONTH", IntervalUnit::kYearMonth},
  };
  for (const auto& [name, unit] : kUnits) {
    if (TryWord(name)) return unit;
  }
  FailHere();
}

}  // namespace sql
