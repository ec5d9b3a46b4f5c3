#include "ast_printer.h"

#include <gtest/gtest.h>

#include <variant>

namespace sql::testing {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

const char* BinaryName(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr: return "or";
    case ast::BinaryOp::kXor: return "xor";
    case ast::BinaryOp::kAnd: return "and";
    case ast::BinaryOp::kEq: return "=";
    case ast::BinaryOp::kNullSafeEq: return "<=>";
    case ast::BinaryOp::kNe: return "<>";
    case ast::BinaryOp::kLt: return "<";
    case ast::BinaryOp::kLe: return "<=";
    case ast::BinaryOp::kGt: return ">";
    case ast::BinaryOp::kGe: return ">=";
    case ast::BinaryOp::kBitOr: return "|";
    case ast::BinaryOp::kBitAnd: return "&";
    case ast::BinaryOp::kBitXor: return "^";
    case ast::BinaryOp::kShiftLeft: return "<<";
    case ast::BinaryOp::kShiftRight: return ">>";
    case ast::BinaryOp::kAdd: return "+";
    case ast::BinaryOp::kSub: return "-";
    case ast::BinaryOp::kMul: return "*";
    case ast::BinaryOp::kDiv: return "/";
    case ast::BinaryOp::kIntDiv: return "div";
    case ast::BinaryOp::kMod: return "%";
  }
  return "?";
}

const char* UnaryName(ast::UnaryOp op) {
  switch (op) {
    case ast::UnaryOp::kNeg: return "neg";
    case ast::UnaryOp::kPlus: return "plus";
    case ast::UnaryOp::kBitNot: return "~";
    case ast::UnaryOp::kNot: return "not";
    case ast::UnaryOp::kBinary: return "binary";
  }
  return "?";
}

std::string LiteralText(const ast::Literal& lit) {
  const storage::Value& v = lit.value;
  switch (lit.type) {
    case ast::LiteralType::kNull: return "NULL";
    case ast::LiteralType::kBool: return v.int_value() ? "TRUE" : "FALSE";
    case ast::LiteralType::kInt:
      return v.kind() == storage::ValueKind::kUInt ? std::to_string(v.uint_value()) + "u"
                                                   : std::to_string(v.int_value());
    case ast::LiteralType::kDecimal: return "dec:" + v.text();
    case ast::LiteralType::kDouble: {
      char buf[64];
      snprintf(buf, sizeof buf, "dbl:%g", v.double_value());
      return buf;
    }
    case ast::LiteralType::kString: return "'" + v.text() + "'";
    case ast::LiteralType::kHex: {
      std::string out = "hex:";
      for (unsigned char c : v.text()) {
        char buf[4];
        snprintf(buf, sizeof buf, "%02X", c);
        out += buf;
      }
      return out;
    }
    case ast::LiteralType::kDate: return "date:" + v.text();
    case ast::LiteralType::kTime: return "time:" + v.text();
    case ast::LiteralType::kDateTime: return "datetime:" + v.text();
  }
  return "?";
}

std::string Join(const std::vector<ast::ExprPtr>& list) {
  std::string out;
  for (const auto& e : list) out += " " + ToSexpr(*e);
  return out;
}

const char* ScopeName(ast::VarScope scope) {
  switch (scope) {
    case ast::VarScope::kDefault: return "";
    case ast::VarScope::kGlobal: return "global.";
    case ast::VarScope::kSession: return "session.";
    case ast::VarScope::kPersist: return "persist.";
    case ast::VarScope::kPersistOnly: return "persist_only.";
  }
  return "?";
}

}  // namespace

std::string ToSexpr(const ast::Expr& expr) {
  return std::visit(
      Overloaded{
          [](const ast::Literal& n) { return LiteralText(n); },
          [](const ast::Param& n) { return "?" + std::to_string(n.index); },
          [](const ast::ColumnRef& n) {
            std::string out;
            if (!n.db.empty()) out += n.db + ".";
            if (!n.table.empty()) out += n.table + ".";
            return out + n.column;
          },
          [](const ast::UserVar& n) { return "@" + n.name; },
          [](const ast::SystemVar& n) { return "@@" + std::string(ScopeName(n.scope)) + n.name; },
          [](const ast::DefaultValue&) { return std::string("DEFAULT"); },
          [](const ast::Unary& n) {
            return "(" + std::string(UnaryName(n.op)) + " " + ToSexpr(*n.operand) + ")";
          },
          [](const ast::Binary& n) {
            return "(" + std::string(BinaryName(n.op)) + " " + ToSexpr(*n.lhs) + " " +
                   ToSexpr(*n.rhs) + ")";
          },
          [](const ast::IsTest& n) {
            static const char* kWhat[] = {"null", "true", "false", "unknown"};
            return std::string("(is-") + (n.negated ? "not-" : "") +
                   kWhat[static_cast<int>(n.what)] + " " + ToSexpr(*n.operand) + ")";
          },
          [](const ast::Between& n) {
            return std::string(n.negated ? "(not-between " : "(between ") + ToSexpr(*n.operand) +
                   " " + ToSexpr(*n.low) + " " + ToSexpr(*n.high) + ")";
          },
          [](const ast::InList& n) {
            return std::string(n.negated ? "(not-in " : "(in ") + ToSexpr(*n.operand) +
                   Join(n.list) + ")";
          },
          [](const ast::InSubquery& n) {
            return std::string(n.negated ? "(not-in " : "(in ") + ToSexpr(*n.operand) + " " +
                   ToSexpr(*n.subquery) + ")";
          },
          [](const ast::Like& n) {
            return std::string(n.negated ? "(not-like " : "(like ") + ToSexpr(*n.operand) + " " +
                   ToSexpr(*n.pattern) + (n.escape ? " " + ToSexpr(*n.escape) : "") + ")";
          },
          [](const ast::Regexp& n) {
            return std::string(n.negated ? "(not-regexp " : "(regexp ") + ToSexpr(*n.operand) +
                   " " + ToSexpr(*n.pattern) + ")";
          },
          [](const ast::Case& n) {
            std::string out = "(case";
            if (n.operand) out += " " + ToSexpr(*n.operand);
            for (const auto& w : n.whens) {
              out += " (when " + ToSexpr(*w.when) + " " + ToSexpr(*w.then) + ")";
            }
            if (n.else_result) out += " (else " + ToSexpr(*n.else_result) + ")";
            return out + ")";
          },
          [](const ast::FunctionCall& n) {
            std::string out = "(" + (n.db.empty() ? "" : n.db + ".") + n.name;
            if (n.star) out += " *";
            if (n.distinct) out += " distinct";
            out += Join(n.args);
            for (const auto& o : n.order_by) {
              out += " (order " + ToSexpr(*o.expr) + (o.descending ? " desc" : "") + ")";
            }
            if (n.separator) out += " (separator '" + *n.separator + "')";
            return out + ")";
          },
          [](const ast::Cast& n) {
            static const char* kKinds[] = {"CHAR",   "BINARY", "SIGNED", "UNSIGNED",
                                           "DECIMAL", "DOUBLE", "FLOAT",  "DATE",
                                           "TIME",   "DATETIME", "JSON"};
            std::string out = "(cast " + ToSexpr(*n.operand) + " " +
                              kKinds[static_cast<int>(n.kind)];
            if (n.length) out += "(" + std::to_string(*n.length);
            if (n.length && n.scale) out += "," + std::to_string(*n.scale);
            if (n.length) out += ")";
            if (!n.charset.empty()) out += " " + n.charset;
            return out + ")";
          },
          [](const ast::Interval& n) {
            return "(interval " + ToSexpr(*n.value) + " " +
                   std::to_string(static_cast<int>(n.unit)) + ")";
          },
          [](const ast::Subquery& n) { return "(subquery " + ToSexpr(*n.select) + ")"; },
          [](const ast::Exists& n) { return "(exists " + ToSexpr(*n.select) + ")"; },
          [](const ast::RowConstructor& n) { return "(row" + Join(n.items) + ")"; },
      },
      expr.node);
}

std::string ToSexpr(const ast::SelectStmt& select) {
  std::string out = "select";
  for (const auto& item : select.items) {
    out += " " + (item.star ? (item.star_table.empty() ? "*" : item.star_table + ".*")
                            : ToSexpr(*item.expr));
  }
  return out;
}

std::unique_ptr<ast::Statement> MustParse(std::string_view text) {
  auto result = ParseSingle(text);
  if (auto* error = std::get_if<SqlError>(&result)) {
    ADD_FAILURE() << "parsing `" << text << "` failed: " << error->message;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<ast::Statement>>(result));
}

SqlError MustFail(std::string_view text) {
  auto result = ParseSingle(text);
  if (auto* error = std::get_if<SqlError>(&result)) return *error;
  ADD_FAILURE() << "`" << text << "` parsed but should not";
  return SqlError();
}

std::string ExprOf(std::string_view text) {
  auto statement = MustParse("SELECT " + std::string(text));
  if (!statement) return "<error>";
  const auto* select = statement->As<ast::SelectStmt>();
  if (select == nullptr || select->items.size() != 1 || !select->items[0].expr) {
    ADD_FAILURE() << "not a single-expression SELECT: " << text;
    return "<error>";
  }
  return ToSexpr(*select->items[0].expr);
}

std::string SyntaxMessage(std::string_view near, int line) {
  return "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
         "server version for the right syntax to use near '" +
         std::string(near) + "' at line " + std::to_string(line);
}

}  // namespace sql::testing
