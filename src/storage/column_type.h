// SQL column types the server supports. How a type is sent on the wire (MySQL's
// MYSQL_TYPE_* numbers) is decided at the protocol edge, not here.
#ifndef STORAGE_COLUMN_TYPE_H_
#define STORAGE_COLUMN_TYPE_H_

#include <cstdint>

namespace storage {

enum class ColumnType : uint8_t {
  kNull,  // the type of a bare NULL literal in a select list
  kTinyInt,
  kSmallInt,
  kMediumInt,
  kInt,
  kBigInt,
  kDecimal,
  kFloat,
  kDouble,
  kChar,
  kVarchar,
  kText,
  kBlob,
  kDate,
  kTime,
  kDateTime,
  kTimestamp,
};

}  // namespace storage

#endif  // STORAGE_COLUMN_TYPE_H_
