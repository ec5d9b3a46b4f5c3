// CRC32C (Castagnoli), software table implementation, for log and snapshot record checksums.
#ifndef STORAGE_CRC32C_H_
#define STORAGE_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace storage {

// CRC32C of `data` continuing from `crc` (0 to start). Thread-safe (the table is constant).
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace storage

#endif  // STORAGE_CRC32C_H_
