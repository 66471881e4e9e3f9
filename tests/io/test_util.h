// Helpers shared by the io tests: temporary directories, whole-file read/write, draining a
// RowSource into a compact text form ("A1=姓名|B1=性别;A2=…") that expectations compare against.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "zj/io/cell.h"

namespace zj::io::testing {

inline std::string TestData(const std::string& rel) {
  return std::string(ZJ_TEST_DATA_DIR) + "/" + rel;
}

// A fresh directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "zj_io_XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// All rows as "row:col=text" joined by '|' within a row and '\n' between rows; the status of the
// first failure (if any) is returned through *error.
inline std::string Drain(RowSource& src, Status* error = nullptr) {
  std::string out;
  SheetRow row;
  while (true) {
    auto r = src.Next(&row);
    if (!r.ok()) {
      if (error != nullptr) *error = r.status();
      break;
    }
    if (!*r) break;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      out += (i ? "|" : "") + ColumnLetters(row.cells[i].col) + std::to_string(row.row) + "=" +
             row.cells[i].text;
    }
    out += "\n";
  }
  return out;
}

}  // namespace zj::io::testing
