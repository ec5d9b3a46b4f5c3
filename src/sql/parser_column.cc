// Column definitions: data types, NULL / DEFAULT / AUTO_INCREMENT / key attributes.
#include "sql/parser_impl.h"

namespace sql {

namespace {

using storage::ColumnType;

struct IntegerTypeName {
  std::string_view name;
  ColumnType type;
};
constexpr IntegerTypeName kIntegerTypes[] = {
    {"TINYINT", ColumnType::kTinyInt},  {"INT1", ColumnType::kTinyInt},
    {"SMALLINT", ColumnType::kSmallInt}, {"INT2", ColumnType::kSmallInt},
    {"MEDIUMINT", ColumnType::kMediumInt}, {"INT3", ColumnType::kMediumInt},
    {"MIDDLEINT", ColumnType::kMediumInt}, {"INT", ColumnType::kInt},
    {"INTEGER", ColumnType::kInt},      {"INT4", ColumnType::kInt},
    {"BIGINT", ColumnType::kBigInt},    {"INT8", ColumnType::kBigInt},
};

struct LobTypeName {
  std::string_view name;
  ColumnType type;
  uint32_t max_bytes;
};
constexpr LobTypeName kLobTypes[] = {
    {"TINYTEXT", ColumnType::kText, 255},          {"TEXT", ColumnType::kText, 65535},
    {"MEDIUMTEXT", ColumnType::kText, 16777215},   {"LONGTEXT", ColumnType::kText, 4294967295u},
    {"TINYBLOB", ColumnType::kBlob, 255},          {"BLOB", ColumnType::kBlob, 65535},
    {"MEDIUMBLOB", ColumnType::kBlob, 16777215},   {"LONGBLOB", ColumnType::kBlob, 4294967295u},
};

}  // namespace

ast::ColumnDef Parser::ParseColumnDef() {
  ast::ColumnDef column;
  column.pos = PeekPos();
  column.name = ParseIdent();
  column.type = ParseDataType();
  while (true) {
    if (PeekWord("NOT") && PeekWord("NULL", 1)) {
      Take();
      Take();
      column.not_null = true;
      column.explicit_null = false;
    } else if (TryWord("NULL")) {
      column.explicit_null = true;
      column.not_null = false;
    } else if (TryWord("DEFAULT")) {
      column.default_value = ParseColumnDefault();
    } else if (PeekWord("ON") && PeekWord("UPDATE", 1)) {
      Take();
      Take();
      ast::ExprPtr now = ParseColumnDefault();
      const auto* call = now->As<ast::FunctionCall>();
      if (call == nullptr || call->name != "CURRENT_TIMESTAMP") FailHere();
      column.on_update_current_timestamp = true;
    } else if (TryWord("AUTO_INCREMENT")) {
      column.auto_increment = true;
    } else if (TryWord("PRIMARY")) {
      ExpectWord("KEY");
      column.key = ast::ColumnKey::kPrimary;
    } else if (TryWord("KEY")) {
      column.key = ast::ColumnKey::kPrimary;  // MySQL: a bare KEY in a column is PRIMARY KEY
    } else if (TryWord("UNIQUE")) {
      TryWord("KEY");
      column.key = ast::ColumnKey::kUnique;
    } else if (TryWord("COMMENT")) {
      column.comment = ParseStringLiteral();
    } else if (PeekWord("CHARACTER") || PeekWord("CHARSET") || PeekWord("COLLATE")) {
      ParseCharsetAndCollation(&column.type);
    } else if (TryWord("COLUMN_FORMAT") || TryWord("STORAGE")) {
      ParseIdent();
    } else if (TryWord("VISIBLE") || TryWord("INVISIBLE")) {
    } else if (PeekWord("REFERENCES")) {
      // MySQL parses and ignores inline REFERENCES; only table-level FOREIGN KEY counts.
      ParseForeignKey(PeekPos(), "");
    } else {
      return column;
    }
  }
}


ast::ExprPtr Parser::ParseColumnDefault() {
  ast::SourcePos pos = PeekPos();
  const Token t = Peek();
  if (t.IsPunct("(")) return ParseParenthesized(pos);
  if (t.IsWord("CURRENT_TIMESTAMP") || t.IsWord("NOW") || t.IsWord("LOCALTIME") ||
      t.IsWord("LOCALTIMESTAMP")) {
    bool needs_parens = t.IsWord("NOW");
    Take();
    ast::FunctionCall call;
    call.name = "CURRENT_TIMESTAMP";
    if (TryPunct("(")) {
      if (!PeekPunct(")")) {
        ast::SourcePos fsp_pos = PeekPos();
        Token fsp = Take();
        if (fsp.kind != TokenKind::kInt) Fail(fsp);
        call.args.push_back(ParseNumber(fsp, fsp_pos));
      }
      ExpectPunct(")");
    } else if (needs_parens) {
      FailHere();
    }
    return MakeExpr(pos, std::move(call));
  }
  ast::ExprPtr value = ParseUnary();
  const ast::Expr* literal = value.get();
  if (const auto* unary = value->As<ast::Unary>();
      unary != nullptr && (unary->op == ast::UnaryOp::kNeg || unary->op == ast::UnaryOp::kPlus)) {
    literal = unary->operand.get();
  }
  if (!literal->Is<ast::Literal>()) Fail(t);
  return value;
}


ast::DataType Parser::ParseDataType() {
  ast::DataType type;
  const Token t = Peek();
  if (t.kind != TokenKind::kWord) FailHere();
  std::string upper = base::AsciiUpper(t.value);
  type.name = upper;
  auto optional_length = [&]() {
    if (TryPunct("(")) {
      type.length = ParseUInt32();
      ExpectPunct(")");
    }
  };
  auto numeric_flags = [&]() {
    while (true) {
      if (TryWord("UNSIGNED")) {
        type.is_unsigned = true;
      } else if (TryWord("SIGNED")) {
      } else if (TryWord("ZEROFILL")) {
        type.zerofill = true;
        type.is_unsigned = true;
      } else {
        return;
      }
    }
  };
  for (const IntegerTypeName& it : kIntegerTypes) {
    if (upper == it.name) {
      Take();
      type.type = it.type;
      optional_length();
      numeric_flags();
      return type;
    }
  }
  for (const LobTypeName& lob : kLobTypes) {
    if (upper == lob.name) {
      Take();
      type.type = lob.type;
      type.length = lob.max_bytes;
      type.binary = lob.type == ColumnType::kBlob;
      if ((upper == "TEXT" || upper == "BLOB") && TryPunct("(")) {
        type.length = ParseUInt32();
        ExpectPunct(")");
      }
      if (lob.type == ColumnType::kText) ParseCharsetAndCollation(&type);
      return type;
    }
  }
  Take();
  if (upper == "BOOL" || upper == "BOOLEAN") {
    type.type = ColumnType::kTinyInt;
    type.length = 1;
  } else if (upper == "DECIMAL" || upper == "NUMERIC" || upper == "DEC" || upper == "FIXED") {
    type.type = ColumnType::kDecimal;
    type.precision = 10;
    type.scale = 0;
    if (TryPunct("(")) {
      type.precision = ParseUInt32();
      if (TryPunct(",")) type.scale = ParseUInt32();
      ExpectPunct(")");
    }
    numeric_flags();
  } else if (upper == "FLOAT" || upper == "FLOAT4" || upper == "FLOAT8" || upper == "DOUBLE" ||
             upper == "REAL") {
    type.type = upper == "FLOAT" || upper == "FLOAT4" ? ColumnType::kFloat : ColumnType::kDouble;
    if (upper == "DOUBLE") TryWord("PRECISION");
    if (TryPunct("(")) {
      type.precision = ParseUInt32();
      if (TryPunct(",")) type.scale = ParseUInt32();
      ExpectPunct(")");
      // FLOAT(p) with p > 24 is a DOUBLE, as in MySQL.
      if (type.type == ColumnType::kFloat && !type.scale && *type.precision > 24) {
        type.type = ColumnType::kDouble;
      }
    }
    numeric_flags();
  } else if (upper == "CHAR" || upper == "CHARACTER" || upper == "NCHAR" ||
             upper == "NATIONAL") {
    if (upper == "NATIONAL" && !TryWord("CHAR") && !TryWord("CHARACTER")) FailHere();
    if (upper != "NCHAR" && TryWord("VARYING")) {
      type.type = ColumnType::kVarchar;
      ExpectPunct("(");
      type.length = ParseUInt32();
      ExpectPunct(")");
    } else {
      type.type = ColumnType::kChar;
      type.length = 1;
      optional_length();
    }
    ParseCharsetAndCollation(&type);
  } else if (upper == "VARCHAR" || upper == "VARCHARACTER" || upper == "NVARCHAR") {
    type.type = ColumnType::kVarchar;
    ExpectPunct("(");
    type.length = ParseUInt32();
    ExpectPunct(")");
    ParseCharsetAndCollation(&type);
  } else if (upper == "BINARY") {
    type.type = ColumnType::kChar;
    type.binary = true;
    type.length = 1;
    optional_length();
  } else if (upper == "VARBINARY") {
    type.type = ColumnType::kVarchar;
    type.binary = true;
    ExpectPunct("(");
    type.length = ParseUInt32();
    ExpectPunct(")");
  } else if (upper == "DATE") {
    type.type = ColumnType::kDate;
  } else if (upper == "TIME" || upper == "DATETIME" || upper == "TIMESTAMP") {
    type.type = upper == "TIME"       ? ColumnType::kTime
                : upper == "DATETIME" ? ColumnType::kDateTime
                                      : ColumnType::kTimestamp;
    optional_length();
  } else {
    Fail(t);
  }
  return type;
}


void Parser::ParseCharsetAndCollation(ast::DataType* type) {
  while (true) {
    if (TryWord("CHARACTER")) {
      ExpectWord("SET");
      type->charset = ParseIdentOrString();
    } else if (TryWord("CHARSET")) {
      type->charset = ParseIdentOrString();
    } else if (TryWord("COLLATE")) {
      type->collation = ParseIdentOrString();
    } else if (TryWord("BINARY")) {
      type->binary = true;  // CHAR(10) BINARY: the charset's binary collation
    } else if (TryWord("ASCII")) {
      type->charset = "latin1";
    } else if (TryWord("UNICODE")) {
      type->charset = "ucs2";
    } else {
      return;
    }
  }
}

}  // namespace sql
