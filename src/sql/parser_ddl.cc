// CREATE / DROP / ALTER of databases, tables and indexes; RENAME TABLE; TRUNCATE.
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

ast::Statement::Node Parser::ParseCreate() {
  Take();  // CREATE
  if (PeekWord("DATABASE") || PeekWord("SCHEMA")) {
    Take();
    ast::CreateDatabaseStmt create;
    if (TryWord("IF")) {
      ExpectWord("NOT");
      ExpectWord("EXISTS");
      create.if_not_exists = true;
    }
    create.name = ParseIdent();
    while (true) {
      TryWord("DEFAULT");
      if (TryWord("CHARACTER")) {
        ExpectWord("SET");
        SkipOptionalEquals();
        create.charset = ParseIdentOrString();
      } else if (TryWord("CHARSET")) {
        SkipOptionalEquals();
        create.charset = ParseIdentOrString();
      } else if (TryWord("COLLATE")) {
        SkipOptionalEquals();
        create.collation = ParseIdentOrString();
      } else if (TryWord("ENCRYPTION")) {
        SkipOptionalEquals();
        ParseStringLiteral();
      } else {
        break;
      }
    }
    return create;
  }
  if (PeekWord("TABLE")) return ParseCreateTable();
  if (TryWord("UNIQUE")) return ParseCreateIndex(ast::IndexKind::kUnique);
  if (TryWord("FULLTEXT")) return ParseCreateIndex(ast::IndexKind::kFulltext);
  if (TryWord("SPATIAL")) return ParseCreateIndex(ast::IndexKind::kSpatial);
  if (PeekWord("INDEX")) return ParseCreateIndex(ast::IndexKind::kIndex);
  if (PeekWord("USER")) return ParseCreateUser();
  FailHere();
}

ast::CreateIndexStmt Parser::ParseCreateIndex(ast::IndexKind kind) {
  ast::CreateIndexStmt create;
  ast::SourcePos pos = PeekPos();
  ExpectWord("INDEX");
  create.index.pos = pos;
  create.index.kind = kind;
  create.index.name = ParseIdent();
  if (TryWord("USING")) ParseIdent();
  ExpectWord("ON");
  create.table = ParseTableName();
  create.index.columns = ParseIndexColumns();
  while (true) {
    if (TryParseAlgorithmOrLock(&create.algorithm, &create.lock)) continue;
    if (TryWord("USING")) {
      ParseIdent();
    } else if (TryWord("COMMENT")) {
      create.index.comment = ParseStringLiteral();
    } else if (TryWord("VISIBLE") || TryWord("INVISIBLE")) {
    } else if (TryWord("KEY_BLOCK_SIZE")) {
      SkipOptionalEquals();
      ParseUInt64();
    } else {
      break;
    }
  }
  return create;
}

ast::CreateTableStmt Parser::ParseCreateTable() {
  ExpectWord("TABLE");
  ast::CreateTableStmt create;
  if (TryWord("IF")) {
    ExpectWord("NOT");
    ExpectWord("EXISTS");
    create.if_not_exists = true;
  }
  create.table = ParseTableName();
  if (TryWord("LIKE")) {
    create.like = ParseTableName();
    return create;
  }
  if (PeekPunct("(") && PeekWord("LIKE", 1)) {
    Take();
    Take();
    create.like = ParseTableName();
    ExpectPunct(")");
    return create;
  }
  ExpectPunct("(");
  do {
    ParseCreateTableElement(&create);
  } while (TryPunct(","));
  ExpectPunct(")");
  while (TryParseTableOption(&create.options)) TryPunct(",");
  return create;
}

void Parser::ParseCreateTableElement(ast::CreateTableStmt* create) {
  ast::SourcePos pos = PeekPos();
  std::string constraint_name;
  bool constraint = false;
  if (TryWord("CONSTRAINT")) {
    constraint = true;
    if (IsIdentToken(Peek())) constraint_name = ParseIdent();
  }
  if (TryWord("PRIMARY")) {
    ExpectWord("KEY");
    create->indexes.push_back(ParseIndexBody(pos, ast::IndexKind::kPrimary));
  } else if (TryWord("UNIQUE")) {
    if (!TryWord("KEY")) TryWord("INDEX");
    ast::IndexDef index = ParseIndexBody(pos, ast::IndexKind::kUnique);
    // CONSTRAINT sym UNIQUE (a) names the index sym, as in MySQL.
    if (index.name.empty()) index.name = constraint_name;
    create->indexes.push_back(std::move(index));
  } else if (PeekWord("FOREIGN")) {
    Take();
    ExpectWord("KEY");
    create->foreign_keys.push_back(ParseForeignKey(pos, constraint_name));
  } else if (constraint) {
    FailHere();
  } else if (TryWord("KEY") || TryWord("INDEX")) {
    create->indexes.push_back(ParseIndexBody(pos, ast::IndexKind::kIndex));
  } else if (PeekWord("FULLTEXT") || PeekWord("SPATIAL")) {
    ast::IndexKind kind =
        Take().IsWord("FULLTEXT") ? ast::IndexKind::kFulltext : ast::IndexKind::kSpatial;
    if (!TryWord("KEY")) TryWord("INDEX");
    create->indexes.push_back(ParseIndexBody(pos, kind));
  } else {
    create->columns.push_back(ParseColumnDef());
  }
}

ast::IndexDef Parser::ParseIndexBody(ast::SourcePos pos, ast::IndexKind kind) {
  ast::IndexDef index;
  index.pos = pos;
  index.kind = kind;
  if (kind != ast::IndexKind::kPrimary && IsIdentToken(Peek())) index.name = ParseIdent();
  if (TryWord("USING")) ParseIdent();
  index.columns = ParseIndexColumns();
  while (true) {
    if (TryWord("USING")) {
      ParseIdent();
    } else if (TryWord("COMMENT")) {
      index.comment = ParseStringLiteral();
    } else if (TryWord("VISIBLE") || TryWord("INVISIBLE")) {
    } else if (TryWord("KEY_BLOCK_SIZE")) {
      SkipOptionalEquals();
      ParseUInt64();
    } else {
      return index;
    }
  }
}

std::vector<ast::IndexColumn> Parser::ParseIndexColumns() {
  ExpectPunct("(");
  std::vector<ast::IndexColumn> columns;
  do {
    ast::IndexColumn column;
    column.name = ParseIdent();
    if (TryPunct("(")) {
      column.prefix_length = ParseUInt32();
      ExpectPunct(")");
    }
    if (TryWord("DESC")) {
      column.descending = true;
    } else {
      TryWord("ASC");
    }
    columns.push_back(std::move(column));
  } while (TryPunct(","));
  ExpectPunct(")");
  return columns;
}

ast::ForeignKeyDef Parser::ParseForeignKey(ast::SourcePos pos, std::string constraint_name) {
  ast::ForeignKeyDef fk;
  fk.pos = pos;
  fk.constraint_name = std::move(constraint_name);
  if (IsIdentToken(Peek())) fk.index_name = ParseIdent();
  fk.columns = ParseParenIdentList();
  ExpectWord("REFERENCES");
  fk.ref_table = ParseTableName();
  fk.ref_columns = ParseParenIdentList();
  if (TryWord("MATCH")) {
    if (!TryWord("FULL") && !TryWord("PARTIAL")) ExpectWord("SIMPLE");
  }
  while (PeekWord("ON")) {
    Take();
    if (TryWord("DELETE")) {
      fk.on_delete = ParseReferenceAction();
    } else {
      ExpectWord("UPDATE");
      fk.on_update = ParseReferenceAction();
    }
  }
  return fk;
}

ast::ReferenceAction Parser::ParseReferenceAction() {
  if (TryWord("RESTRICT")) return ast::ReferenceAction::kRestrict;
  if (TryWord("CASCADE")) return ast::ReferenceAction::kCascade;
  if (TryWord("SET")) {
    if (TryWord("NULL")) return ast::ReferenceAction::kSetNull;
    ExpectWord("DEFAULT");
    return ast::ReferenceAction::kSetDefault;
  }
  ExpectWord("NO");
  ExpectWord("ACTION");
  return ast::ReferenceAction::kNoAction;
}

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
  std::string upper = ToUpper(t.value);
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

bool Parser::TryParseTableOption(ast::TableOptions* options) {
  if (PeekWord("DEFAULT") &&
      (PeekWord("CHARACTER", 1) || PeekWord("CHARSET", 1) || PeekWord("COLLATE", 1))) {
    Take();
  }
  if (TryWord("ENGINE") || TryWord("TYPE")) {
    SkipOptionalEquals();
    options->engine = ParseIdentOrString();
  } else if (PeekWord("CHARACTER") && PeekWord("SET", 1)) {
    Take();
    Take();
    SkipOptionalEquals();
    options->charset = ParseIdentOrString();
  } else if (TryWord("CHARSET")) {
    SkipOptionalEquals();
    options->charset = ParseIdentOrString();
  } else if (TryWord("COLLATE")) {
    SkipOptionalEquals();
    options->collation = ParseIdentOrString();
  } else if (TryWord("AUTO_INCREMENT")) {
    SkipOptionalEquals();
    options->auto_increment = ParseUInt64();
  } else if (TryWord("COMMENT")) {
    SkipOptionalEquals();
    options->comment = ParseStringLiteral();
  } else {
    static constexpr std::string_view kIgnored[] = {
        "ROW_FORMAT", "KEY_BLOCK_SIZE", "STATS_PERSISTENT", "STATS_AUTO_RECALC",
        "STATS_SAMPLE_PAGES", "AVG_ROW_LENGTH", "MAX_ROWS", "MIN_ROWS", "PACK_KEYS",
        "CHECKSUM", "DELAY_KEY_WRITE", "COMPRESSION", "ENCRYPTION", "TABLESPACE",
        "INSERT_METHOD"};
    for (std::string_view name : kIgnored) {
      if (TryWord(name)) {
        SkipOptionalEquals();
        const Token& value = Peek();
        if (value.kind == TokenKind::kInt || value.kind == TokenKind::kString ||
            value.kind == TokenKind::kQuotedIdent || value.IsWord("DEFAULT") ||
            IsIdentToken(value)) {
          Take();
          return true;
        }
        FailHere();
      }
    }
    return false;
  }
  return true;
}

bool Parser::TryParseAlgorithmOrLock(ast::AlterAlgorithm* algorithm, ast::AlterLock* lock) {
  if (TryWord("ALGORITHM")) {
    SkipOptionalEquals();
    if (TryWord("DEFAULT")) {
      *algorithm = ast::AlterAlgorithm::kDefault;
    } else if (TryWord("INPLACE")) {
      *algorithm = ast::AlterAlgorithm::kInplace;
    } else if (TryWord("COPY")) {
      *algorithm = ast::AlterAlgorithm::kCopy;
    } else if (TryWord("INSTANT")) {
      *algorithm = ast::AlterAlgorithm::kInstant;
    } else {
      FailHere();
    }
    return true;
  }
  if (PeekWord("LOCK")) {
    Take();
    SkipOptionalEquals();
    if (TryWord("DEFAULT")) {
      *lock = ast::AlterLock::kDefault;
    } else if (TryWord("NONE")) {
      *lock = ast::AlterLock::kNone;
    } else if (TryWord("SHARED")) {
      *lock = ast::AlterLock::kShared;
    } else if (TryWord("EXCLUSIVE")) {
      *lock = ast::AlterLock::kExclusive;
    } else {
      FailHere();
    }
    return true;
  }
  return false;
}

ast::Statement::Node Parser::ParseDrop() {
  Take();  // DROP
  if (PeekWord("DATABASE") || PeekWord("SCHEMA")) {
    Take();
    ast::DropDatabaseStmt drop;
    if (TryWord("IF")) {
      ExpectWord("EXISTS");
      drop.if_exists = true;
    }
    drop.name = ParseIdent();
    return drop;
  }
  if (PeekWord("TABLE") || PeekWord("TABLES")) {
    Take();
    ast::DropTableStmt drop;
    if (TryWord("IF")) {
      ExpectWord("EXISTS");
      drop.if_exists = true;
    }
    do {
      drop.tables.push_back(ParseTableName());
    } while (TryPunct(","));
    if (!TryWord("RESTRICT")) TryWord("CASCADE");
    return drop;
  }
  if (PeekWord("INDEX")) return ParseDropIndex();
  if (PeekWord("USER")) return ParseDropUser();
  if (TryWord("PREPARE")) return ast::DeallocatePrepareStmt{ParseIdent()};
  FailHere();
}

ast::DropIndexStmt Parser::ParseDropIndex() {
  ExpectWord("INDEX");
  ast::DropIndexStmt drop;
  drop.name = PeekWord("PRIMARY") ? Take().value : ParseIdent();
  ExpectWord("ON");
  drop.table = ParseTableName();
  while (TryParseAlgorithmOrLock(&drop.algorithm, &drop.lock)) {
  }
  return drop;
}

ast::Statement::Node Parser::ParseAlter() {
  if (PeekWord("USER", 1)) return ParseAlterUser();
  return ParseAlterTable();
}

ast::AlterTableStmt Parser::ParseAlterTable() {
  Take();  // ALTER
  ExpectWord("TABLE");
  ast::AlterTableStmt alter;
  alter.table = ParseTableName();
  if (AtStatementEnd()) return alter;
  while (true) {
    ParseAlterItem(&alter);
    if (TryPunct(",")) continue;
    if (AtStatementEnd()) return alter;
    // Table options, ALGORITHM and LOCK may follow without a comma.
    if (PeekWord("ALGORITHM") || PeekWord("LOCK") || PeekWord("ENGINE") ||
        PeekWord("DEFAULT") || PeekWord("CHARSET") || PeekWord("CHARACTER") ||
        PeekWord("COLLATE") || PeekWord("AUTO_INCREMENT") || PeekWord("COMMENT") ||
        PeekWord("ROW_FORMAT")) {
      continue;
    }
    FailHere();
  }
}

void Parser::ParseAlterItem(ast::AlterTableStmt* alter) {
  if (TryParseAlgorithmOrLock(&alter->algorithm, &alter->lock)) return;
  if (TryWord("FORCE")) {
    alter->force = true;
    return;
  }
  if (TryParseTableOption(&alter->options)) return;
  ast::AlterSpec spec;
  spec.pos = PeekPos();
  if (TryWord("ADD")) {
    ast::SourcePos pos = PeekPos();
    std::string constraint_name;
    bool constraint = false;
    if (TryWord("CONSTRAINT")) {
      constraint = true;
      if (IsIdentToken(Peek())) constraint_name = ParseIdent();
    }
    spec.kind = ast::AlterSpecKind::kAddIndex;
    if (TryWord("PRIMARY")) {
      ExpectWord("KEY");
      spec.index = ParseIndexBody(pos, ast::IndexKind::kPrimary);
    } else if (TryWord("UNIQUE")) {
      if (!TryWord("KEY")) TryWord("INDEX");
      spec.index = ParseIndexBody(pos, ast::IndexKind::kUnique);
      if (spec.index.name.empty()) spec.index.name = constraint_name;
    } else if (TryWord("FOREIGN")) {
      ExpectWord("KEY");
      spec.kind = ast::AlterSpecKind::kAddForeignKey;
      spec.foreign_key = ParseForeignKey(pos, constraint_name);
    } else if (constraint) {
      FailHere();
    } else if (TryWord("INDEX") || TryWord("KEY")) {
      spec.index = ParseIndexBody(pos, ast::IndexKind::kIndex);
    } else if (PeekWord("FULLTEXT") || PeekWord("SPATIAL")) {
      ast::IndexKind kind =
          Take().IsWord("FULLTEXT") ? ast::IndexKind::kFulltext : ast::IndexKind::kSpatial;
      if (!TryWord("KEY")) TryWord("INDEX");
      spec.index = ParseIndexBody(pos, kind);
    } else {
      TryWord("COLUMN");
      spec.kind = ast::AlterSpecKind::kAddColumn;
      if (TryPunct("(")) {
        do {
          ast::AlterSpec column_spec;
          column_spec.pos = PeekPos();
          column_spec.kind = ast::AlterSpecKind::kAddColumn;
          column_spec.column = ParseColumnDef();
          alter->specs.push_back(std::move(column_spec));
        } while (TryPunct(","));
        ExpectPunct(")");
        return;
      }
      spec.column = ParseColumnDef();
      ParseColumnPlacement(&spec);
    }
  } else if (TryWord("DROP")) {
    if (TryWord("INDEX") || TryWord("KEY")) {
      spec.kind = ast::AlterSpecKind::kDropIndex;
      spec.name = ParseIdent();
    } else if (TryWord("PRIMARY")) {
      ExpectWord("KEY");
      spec.kind = ast::AlterSpecKind::kDropPrimaryKey;
    } else if (TryWord("FOREIGN")) {
      ExpectWord("KEY");
      spec.kind = ast::AlterSpecKind::kDropForeignKey;
      spec.name = ParseIdent();
    } else {
      TryWord("COLUMN");
      spec.kind = ast::AlterSpecKind::kDropColumn;
      spec.name = ParseIdent();
      if (!TryWord("RESTRICT")) TryWord("CASCADE");
    }
  } else if (TryWord("MODIFY")) {
    TryWord("COLUMN");
    spec.kind = ast::AlterSpecKind::kModifyColumn;
    spec.column = ParseColumnDef();
    ParseColumnPlacement(&spec);
  } else if (TryWord("CHANGE")) {
    TryWord("COLUMN");
    spec.kind = ast::AlterSpecKind::kChangeColumn;
    spec.name = ParseIdent();
    spec.column = ParseColumnDef();
    ParseColumnPlacement(&spec);
  } else if (TryWord("ALTER")) {
    TryWord("COLUMN");
    spec.name = ParseIdent();
    if (TryWord("SET")) {
      ExpectWord("DEFAULT");
      spec.kind = ast::AlterSpecKind::kAlterColumnSetDefault;
      spec.default_value = ParseColumnDefault();
    } else {
      ExpectWord("DROP");
      ExpectWord("DEFAULT");
      spec.kind = ast::AlterSpecKind::kAlterColumnDropDefault;
    }
  } else if (TryWord("RENAME")) {
    if (TryWord("COLUMN")) {
      spec.kind = ast::AlterSpecKind::kRenameColumn;
      spec.name = ParseIdent();
      ExpectWord("TO");
      spec.new_name = ParseIdent();
    } else if (TryWord("INDEX") || TryWord("KEY")) {
      spec.kind = ast::AlterSpecKind::kRenameIndex;
      spec.name = ParseIdent();
      ExpectWord("TO");
      spec.new_name = ParseIdent();
    } else {
      if (!TryWord("TO")) TryWord("AS");
      spec.kind = ast::AlterSpecKind::kRenameTable;
      spec.new_table = ParseTableName();
    }
  } else {
    FailHere();
  }
  alter->specs.push_back(std::move(spec));
}

void Parser::ParseColumnPlacement(ast::AlterSpec* spec) {
  if (TryWord("FIRST")) {
    spec->placement = ast::ColumnPlacement::kFirst;
  } else if (TryWord("AFTER")) {
    spec->placement = ast::ColumnPlacement::kAfter;
    spec->after_column = ParseIdent();
  }
}

ast::RenameTableStmt Parser::ParseRenameTable() {
  Take();  // RENAME
  if (!TryWord("TABLES")) ExpectWord("TABLE");
  ast::RenameTableStmt rename;
  do {
    ast::RenamePair pair;
    pair.from = ParseTableName();
    ExpectWord("TO");
    pair.to = ParseTableName();
    rename.renames.push_back(std::move(pair));
  } while (TryPunct(","));
  return rename;
}

ast::TruncateStmt Parser::ParseTruncate() {
  Take();  // TRUNCATE
  TryWord("TABLE");
  return ast::TruncateStmt{ParseTableName()};
}

}  // namespace sql
