// ALTER TABLE and the ALGORITHM / LOCK clauses shared with CREATE / DROP INDEX.
#include "sql/parser_impl.h"

namespace sql {

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

}  // namespace sql
