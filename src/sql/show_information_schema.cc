#include "sql/show_information_schema.h"

#include "storage/engine.h"

namespace sql {
namespace {

using storage::ColumnType;
using storage::Value;

ColumnInfo Col(std::string name, storage::ColumnType type, uint32_t length, bool not_null,
               bool is_unsigned = false) {
  ColumnInfo c;
  c.name = c.org_name = std::move(name);
  c.type = type;
  c.length = length;
  c.not_null = not_null;
  c.is_unsigned = is_unsigned;
  return c;
}
ColumnInfo Text(std::string name, uint32_t chars, bool not_null = false) {
  return Col(std::move(name), ColumnType::kVarchar, chars * 4, not_null);
}
ColumnInfo UBig(std::string name, bool not_null = false) {
  return Col(std::move(name), ColumnType::kBigInt, 20, not_null, true);
}

Value Str(const std::string& s) { return Value::String(s); }
Value OptStr(const std::optional<std::string>& s) { return s ? Value::String(*s) : Value(); }

const char* TypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kNull: return "null";
    case ColumnType::kTinyInt: return "tinyint";
    case ColumnType::kSmallInt: return "smallint";
    case ColumnType::kMediumInt: return "mediumint";
    case ColumnType::kInt: return "int";
    case ColumnType::kBigInt: return "bigint";
    case ColumnType::kDecimal: return "decimal";
    case ColumnType::kFloat: return "float";
    case ColumnType::kDouble: return "double";
    case ColumnType::kChar: return "char";
    case ColumnType::kVarchar: return "varchar";
    case ColumnType::kText: return "text";
    case ColumnType::kBlob: return "blob";
    case ColumnType::kDate: return "date";
    case ColumnType::kTime: return "time";
    case ColumnType::kDateTime: return "datetime";
    case ColumnType::kTimestamp: return "timestamp";
  }
  return "unknown";
}

// DATA_TYPE: the bare name ("int", "varchar", "mediumtext").
std::string DataType(const storage::ColumnDef& c) {
  if (c.type == ColumnType::kText || c.type == ColumnType::kBlob) {
    const std::string base = c.type == ColumnType::kText ? "text" : "blob";
    if (c.length != 0 && c.length <= 255) return "tiny" + base;
    if (c.length == 0 || c.length <= 65535) return base;
    if (c.length <= 16777215) return "medium" + base;
    return "long" + base;
  }
  return TypeName(c.type);
}

std::string Quote(const std::string& name) {
  std::string out = "`";
  for (char ch : name) {
    out += ch;
    if (ch == '`') out += '`';
  }
  return out + "`";
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'' || ch == '\\') out += ch == '\'' ? '\'' : '\\';
    out += ch;
  }
  return out + "'";
}

std::string KeyColumns(const storage::IndexDef& idx) {
  std::string out = "(";
  for (size_t i = 0; i < idx.columns.size(); ++i) {
    if (i) out += ",";
    out += Quote(idx.columns[i].name);
    if (idx.columns[i].prefix_length) out += "(" + std::to_string(idx.columns[i].prefix_length) + ")";
  }
  return out + ")";
}

const char* KeyText(const storage::TableDef& def, const std::string& column) {
  for (const auto& idx : def.indexes) {
    if (idx.columns.empty() || !storage::NameEquals(idx.columns[0].name, column)) continue;
    if (idx.is_primary()) return "PRI";
  }
  for (const auto& idx : def.indexes) {
    if (idx.columns.empty() || !storage::NameEquals(idx.columns[0].name, column)) continue;
    if (idx.is_unique() && idx.columns.size() == 1) return "UNI";
  }
  for (const auto& idx : def.indexes) {
    if (!idx.columns.empty() && storage::NameEquals(idx.columns[0].name, column)) return "MUL";
  }
  return "";
}

std::string Extra(const storage::ColumnDef& c) {
  if (c.auto_increment) return "auto_increment";
  std::string e;
  if (c.default_value.kind == storage::ColumnDefault::Kind::kCurrentTimestamp) e = "DEFAULT_GENERATED";
  if (c.on_update_current_timestamp) {
    e += (e.empty() ? "" : " ") + std::string("on update CURRENT_TIMESTAMP");
  }
  return e;
}

}  // namespace

std::string ColumnTypeText(const storage::ColumnDef& c) {
  std::string t = DataType(c);
  switch (c.type) {
    case ColumnType::kTinyInt:
      // MySQL 8.0.19+ hides integer display widths except TINYINT(1) (booleans).
      if (c.length == 1) t += "(1)";
      break;
    case ColumnType::kChar:
    case ColumnType::kVarchar:
      t += "(" + std::to_string(c.length) + ")";
      break;
    case ColumnType::kDecimal:
      t += "(" + std::to_string(c.precision) + "," + std::to_string(c.scale) + ")";
      break;
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      if (c.precision) t += "(" + std::to_string(c.precision) + "," + std::to_string(c.scale) + ")";
      break;
    case ColumnType::kTime:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
      if (c.scale) t += "(" + std::to_string(c.scale) + ")";
      break;
    default:
      break;
  }
  if (c.is_unsigned) t += " unsigned";
  return t;
}

std::optional<std::string> ColumnDefaultText(const storage::ColumnDef& c) {
  switch (c.default_value.kind) {
    case storage::ColumnDefault::Kind::kNone: return std::nullopt;
    case storage::ColumnDefault::Kind::kCurrentTimestamp:
      return c.scale ? "CURRENT_TIMESTAMP(" + std::to_string(c.scale) + ")"
                     : std::string("CURRENT_TIMESTAMP");
    case storage::ColumnDefault::Kind::kValue:
      if (c.default_value.value.is_null()) return std::nullopt;
      return c.default_value.value.ToString();
  }
  return std::nullopt;
}

std::string ShowCreateTableText(const storage::TableDef& def) {
  std::string out = "CREATE TABLE " + Quote(def.name) + " (\n";
  std::vector<std::string> lines;
  for (const auto& c : def.columns) {
    std::string l = "  " + Quote(c.name) + " " + ColumnTypeText(c);
    if (!c.nullable) l += " NOT NULL";
    const bool lob = c.type == ColumnType::kText || c.type == ColumnType::kBlob;
    if (c.auto_increment) {
      l += " AUTO_INCREMENT";
    } else if (c.default_value.kind == storage::ColumnDefault::Kind::kCurrentTimestamp) {
      l += " DEFAULT " + *ColumnDefaultText(c);
    } else if (c.default_value.kind == storage::ColumnDefault::Kind::kValue &&
               !c.default_value.value.is_null()) {
      l += " DEFAULT " + QuoteString(c.default_value.value.ToString());
    } else if (c.nullable && !lob) {
      l += " DEFAULT NULL";
    }
    if (c.on_update_current_timestamp) l += " ON UPDATE CURRENT_TIMESTAMP";
    if (!c.comment.empty()) l += " COMMENT " + QuoteString(c.comment);
    lines.push_back(l);
  }
  for (const auto& idx : def.indexes) {
    std::string l = "  ";
    if (idx.is_primary()) {
      l += "PRIMARY KEY " + KeyColumns(idx);
    } else {
      l += std::string(idx.is_unique() ? "UNIQUE KEY " : "KEY ") + Quote(idx.name) + " " +
           KeyColumns(idx);
    }
    if (!idx.comment.empty()) l += " COMMENT " + QuoteString(idx.comment);
    lines.push_back(l);
  }
  for (size_t i = 0; i < lines.size(); ++i) out += lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
  out += ") ENGINE=" + def.options.engine;
  if (def.auto_increment > 1) out += " AUTO_INCREMENT=" + std::to_string(def.auto_increment);
  out += " DEFAULT CHARSET=" + def.options.charset + " COLLATE=" + def.options.collation;
  if (!def.options.comment.empty()) out += " COMMENT=" + QuoteString(def.options.comment);
  return out;
}

std::optional<VirtualTable> InformationSchemaTable(const std::string& table,
                                                   const storage::Engine& engine,
                                                   const SessionView& session) {
  const auto hidden = [&session](const std::string& db) {
    return session.visible_database && !session.visible_database(db);
  };
  VirtualTable t;
  if (table == "schemata") {
    t.columns = {Text("CATALOG_NAME", 64, true), Text("SCHEMA_NAME", 64, true),
                 Text("DEFAULT_CHARACTER_SET_NAME", 64, true),
                 Text("DEFAULT_COLLATION_NAME", 64, true), Text("SQL_PATH", 512),
                 Text("DEFAULT_ENCRYPTION", 3, true)};
    std::vector<std::string> dbs = engine.ListDatabases();
    dbs.push_back("information_schema");
    dbs.push_back("performance_schema");
    std::sort(dbs.begin(), dbs.end());
    for (const auto& db : dbs) {
      if (hidden(db)) continue;
      t.rows.push_back({Str("def"), Str(db), Str(db == "information_schema" ? "utf8mb3" : "utf8mb4"),
                        Str(db == "information_schema" ? "utf8mb3_general_ci" : "utf8mb4_0900_ai_ci"),
                        Value(), Str("NO")});
    }
    return t;
  }
  if (table == "tables") {
    t.columns = {Text("TABLE_CATALOG", 64, true), Text("TABLE_SCHEMA", 64, true),
                 Text("TABLE_NAME", 64, true),    Text("TABLE_TYPE", 11, true),
                 Text("ENGINE", 64),              UBig("VERSION"),
                 Text("ROW_FORMAT", 10),          UBig("TABLE_ROWS"),
                 UBig("AVG_ROW_LENGTH"),          UBig("DATA_LENGTH"),
                 UBig("AUTO_INCREMENT"),          Col("CREATE_TIME", ColumnType::kDateTime, 19, true),
                 Text("TABLE_COLLATION", 64),     Text("TABLE_COMMENT", 2048)};
    for (const auto& db : engine.ListDatabases()) {
      if (hidden(db)) continue;
      for (const auto& name : engine.ListTables(db)) {
        auto def = engine.FindTable(db, name);
        if (def == nullptr) continue;
        auto handle = engine.OpenTable(db, name);
        const uint64_t rows = handle.ok() ? (*handle)->row_count() : 0;
        char created[32] = "1970-01-01 00:00:00";
        const time_t ct = static_cast<time_t>(def->create_time);
        struct tm tm_buf;
        if (localtime_r(&ct, &tm_buf) != nullptr) strftime(created, sizeof created, "%Y-%m-%d %H:%M:%S", &tm_buf);
        const bool has_ai = def->auto_increment_column() >= 0;
        t.rows.push_back({Str("def"), Str(db), Str(name), Str("BASE TABLE"), Str(def->options.engine),
                          Value::UInt(10), Str(def->options.row_format), Value::UInt(rows),
                          Value::UInt(0), Value::UInt(16384),
                          has_ai ? Value::UInt(def->auto_increment) : Value(),
                          Value::DateTime(created), Str(def->options.collation),
                          Str(def->options.comment)});
      }
    }
    return t;
  }
  if (table == "columns") {
    t.columns = {Text("TABLE_CATALOG", 64, true), Text("TABLE_SCHEMA", 64, true),
                 Text("TABLE_NAME", 64, true),    Text("COLUMN_NAME", 64),
                 Col("ORDINAL_POSITION", ColumnType::kInt, 10, true, true),
                 Text("COLUMN_DEFAULT", 65535),   Text("IS_NULLABLE", 3, true),
                 Text("DATA_TYPE", 64),           UBig("CHARACTER_MAXIMUM_LENGTH"),
                 UBig("NUMERIC_PRECISION"),       UBig("NUMERIC_SCALE"),
                 Text("CHARACTER_SET_NAME", 64),  Text("COLLATION_NAME", 64),
                 Text("COLUMN_TYPE", 65535, true), Text("COLUMN_KEY", 3, true),
                 Text("EXTRA", 256),              Text("COLUMN_COMMENT", 1024, true)};
    for (const auto& db : engine.ListDatabases()) {
      if (hidden(db)) continue;
      for (const auto& name : engine.ListTables(db)) {
        auto def = engine.FindTable(db, name);
        if (def == nullptr) continue;
        for (size_t i = 0; i < def->columns.size(); ++i) {
          const auto& c = def->columns[i];
          const bool text = c.type == ColumnType::kChar || c.type == ColumnType::kVarchar ||
                            c.type == ColumnType::kText;
          t.rows.push_back({Str("def"), Str(db), Str(name), Str(c.name), Value::UInt(i + 1),
                            OptStr(ColumnDefaultText(c)), Str(c.nullable ? "YES" : "NO"),
                            Str(DataType(c)), text ? Value::UInt(c.length) : Value(),
                            c.type == ColumnType::kDecimal ? Value::UInt(c.precision) : Value(),
                            c.type == ColumnType::kDecimal ? Value::UInt(c.scale) : Value(),
                            text ? Str("utf8mb4") : Value(),
                            text ? Str("utf8mb4_0900_ai_ci") : Value(), Str(ColumnTypeText(c)),
                            Str(KeyText(*def, c.name)), Str(Extra(c)), Str(c.comment)});
        }
      }
    }
    return t;
  }
  if (table == "statistics") {
    t.columns = {Text("TABLE_CATALOG", 64, true), Text("TABLE_SCHEMA", 64, true),
                 Text("TABLE_NAME", 64, true),    Col("NON_UNIQUE", ColumnType::kInt, 1, true),
                 Text("INDEX_SCHEMA", 64, true),  Text("INDEX_NAME", 64),
                 Col("SEQ_IN_INDEX", ColumnType::kInt, 10, true, true), Text("COLUMN_NAME", 64),
                 Text("COLLATION", 1),            Col("CARDINALITY", ColumnType::kBigInt, 21, false),
                 Col("SUB_PART", ColumnType::kBigInt, 21, false), Text("NULLABLE", 3, true),
                 Text("INDEX_TYPE", 11, true),    Text("COMMENT", 8, true),
                 Text("INDEX_COMMENT", 2048, true), Text("IS_VISIBLE", 3, true)};
    for (const auto& db : engine.ListDatabases()) {
      if (hidden(db)) continue;
      for (const auto& name : engine.ListTables(db)) {
        auto def = engine.FindTable(db, name);
        if (def == nullptr) continue;
        for (const auto& idx : def->indexes) {
          for (size_t i = 0; i < idx.columns.size(); ++i) {
            const int ci = def->FindColumn(idx.columns[i].name);
            const bool nullable = ci >= 0 && def->columns[ci].nullable;
            t.rows.push_back({Str("def"), Str(db), Str(name), Value::Int(idx.is_unique() ? 0 : 1),
                              Str(db), Str(idx.name), Value::UInt(i + 1), Str(idx.columns[i].name),
                              Str("A"), Value::Int(0),
                              idx.columns[i].prefix_length ? Value::Int(idx.columns[i].prefix_length)
                                                           : Value(),
                              Str(nullable ? "YES" : ""), Str("BTREE"), Str(""), Str(idx.comment),
                              Str("YES")});
          }
        }
      }
    }
    return t;
  }
  return std::nullopt;
}

}  // namespace sql
