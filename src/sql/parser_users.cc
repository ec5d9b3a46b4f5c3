// Accounts and privileges: CREATE / ALTER / DROP USER, GRANT, REVOKE.
#include "sql/parser_impl.h"

namespace sql {

ast::UserName Parser::ParseUserName() {
  ast::UserName name;
  const Token& t = Peek();
  if (t.kind == TokenKind::kString) {
    name.user = ParseStringLiteral();
  } else if (t.IsWord("CURRENT_USER")) {
    Take();
    if (TryPunct("(")) ExpectPunct(")");
    name.user = "CURRENT_USER";
    name.host.clear();
    return name;
  } else {
    name.user = ParseIdent();
  }
  // The lexer reads `@'host'` / `@host` right after the user as a user-variable token.
  if (Peek().kind == TokenKind::kUserVar) {
    name.host = Take().value;
  } else if (TryPunct("@")) {
    name.host = ParseIdentOrString();
  }
  return name;
}

ast::UserSpec Parser::ParseUserSpec() {
  ast::UserSpec spec;
  spec.name = ParseUserName();
  if (TryWord("IDENTIFIED")) {
    if (TryWord("WITH")) {
      spec.auth_plugin = ParseIdentOrString();
      if (TryWord("BY")) {
        spec.password = ParseStringLiteral();
      } else if (TryWord("AS")) {
        ParseStringLiteral();  // a pre-hashed auth string: accepted, not a password
      }
    } else {
      ExpectWord("BY");
      spec.password = ParseStringLiteral();
    }
  }
  return spec;
}

ast::CreateUserStmt Parser::ParseCreateUser() {
  ExpectWord("USER");
  ast::CreateUserStmt create;
  if (TryWord("IF")) {
    ExpectWord("NOT");
    ExpectWord("EXISTS");
    create.if_not_exists = true;
  }
  do {
    create.users.push_back(ParseUserSpec());
  } while (TryPunct(","));
  return create;
}

ast::AlterUserStmt Parser::ParseAlterUser() {
  Take();  // ALTER
  ExpectWord("USER");
  ast::AlterUserStmt alter;
  if (TryWord("IF")) {
    ExpectWord("EXISTS");
    alter.if_exists = true;
  }
  do {
    alter.users.push_back(ParseUserSpec());
  } while (TryPunct(","));
  return alter;
}

ast::DropUserStmt Parser::ParseDropUser() {
  ExpectWord("USER");
  ast::DropUserStmt drop;
  if (TryWord("IF")) {
    ExpectWord("EXISTS");
    drop.if_exists = true;
  }
  do {
    drop.users.push_back(ParseUserName());
  } while (TryPunct(","));
  return drop;
}

std::vector<ast::Privilege> Parser::ParsePrivileges() {
  std::vector<ast::Privilege> privileges;
  do {
    ast::Privilege privilege;
    // A privilege is one or more words: SELECT, LOCK TABLES, CREATE TEMPORARY TABLES.
    while (Peek().kind == TokenKind::kWord && !PeekWord("ON") && !PeekWord("TO") &&
           !PeekWord("FROM")) {
      if (!privilege.name.empty()) privilege.name += ' ';
      privilege.name += base::AsciiUpper(Take().value);
    }
    if (privilege.name.empty()) FailHere();
    if (privilege.name == "ALL PRIVILEGES") privilege.name = "ALL";
    if (PeekPunct("(")) privilege.columns = ParseParenIdentList();
    privileges.push_back(std::move(privilege));
  } while (TryPunct(","));
  return privileges;
}

ast::PrivilegeLevel Parser::ParsePrivilegeLevel() {
  ast::PrivilegeLevel level;
  TryWord("TABLE");
  if (TryPunct("*")) {
    level.table = "*";
    if (TryPunct(".")) {
      ExpectPunct("*");
      level.db = "*";
    }
    return level;
  }
  std::string first = ParseIdent();
  if (!TryPunct(".")) {
    level.table = std::move(first);
    return level;
  }
  level.db = std::move(first);
  if (TryPunct("*")) {
    level.table = "*";
  } else {
    const Token& t = Peek();
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kQuotedIdent) FailHere();
    level.table = Take().value;
  }
  return level;
}

ast::GrantStmt Parser::ParseGrant() {
  Take();  // GRANT
  ast::GrantStmt grant;
  grant.privileges = ParsePrivileges();
  ExpectWord("ON");
  grant.level = ParsePrivilegeLevel();
  ExpectWord("TO");
  do {
    grant.users.push_back(ParseUserName());
  } while (TryPunct(","));
  if (PeekWord("WITH") && PeekWord("GRANT", 1)) {
    Take();
    Take();
    ExpectWord("OPTION");
    grant.with_grant_option = true;
  }
  return grant;
}

ast::RevokeStmt Parser::ParseRevoke() {
  Take();  // REVOKE
  ast::RevokeStmt revoke;
  revoke.privileges = ParsePrivileges();
  ExpectWord("ON");
  revoke.level = ParsePrivilegeLevel();
  ExpectWord("FROM");
  do {
    revoke.users.push_back(ParseUserName());
  } while (TryPunct(","));
  return revoke;
}

}  // namespace sql
