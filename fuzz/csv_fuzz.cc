// libFuzzer target: the streaming CSV reader (encoding sniffing, GB18030/UTF-16 decoding,
// separator detection, quoting) must never crash, hang or exceed its limits on any bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "zj/io/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zj::io::ReaderLimits limits;
  limits.max_rows = 10'000;
  limits.max_columns = 256;
  limits.max_cell_bytes = 4096;
  auto r =
      zj::io::CsvReader::FromBytes(std::string(reinterpret_cast<const char*>(data), size), limits);
  if (!r.ok()) return 0;
  zj::io::SheetRow row;
  while (true) {
    auto more = (*r)->Next(&row);
    if (!more.ok() || !*more) break;
  }
  return 0;
}
