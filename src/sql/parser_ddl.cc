// CREATE / DROP / ALTER of databases, tables and indexes; RENAME TABLE; TRUNCATE.
#include "sql/parser_impl.h"

namespace sql {

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
