// libFuzzer target: the log/snapshot frame reader and record decoder must never crash on
// garbage. Decoded records are re-encoded and must decode to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/log_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  storage::Result<storage::LogRecord> direct = storage::DecodeRecord(input);
  if (direct.ok()) {
    std::string again = storage::EncodeRecord(*direct);
    if (!storage::DecodeRecord(again).ok()) std::abort();
  }
  size_t pos = 0;
  std::string_view payload;
  while (storage::ReadFrame(input, &pos, &payload) == storage::FrameStatus::kOk) {
    storage::DecodeRecord(payload).status().IgnoreError();
  }
  return 0;
}
