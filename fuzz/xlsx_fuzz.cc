// libFuzzer target: the streaming XLSX reader (zip, relationships, workbook, styles, shared
// strings, every sheet) must reject or read any bytes without crashing or blowing its limits.
#include <cstddef>
#include <cstdint>
#include <string>

#include "zj/io/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zj::io::ReaderLimits limits;
  limits.max_rows = 10'000;
  limits.max_columns = 256;
  limits.max_cell_bytes = 4096;
  limits.max_entry_bytes = 8 << 20;
  limits.max_shared_string_bytes = 1 << 20;
  limits.max_shared_strings = 10'000;
  auto wb = zj::io::XlsxWorkbook::FromBytes(std::string(reinterpret_cast<const char*>(data), size),
                                            limits);
  if (!wb.ok()) return 0;
  for (size_t i = 0; i < (*wb)->sheets().size(); ++i) {
    auto src = (*wb)->OpenSheet(static_cast<int>(i));
    if (!src.ok()) continue;
    zj::io::SheetRow row;
    while (true) {
      auto more = (*src)->Next(&row);
      if (!more.ok() || !*more) break;
    }
  }
  return 0;
}
