// Streaming reader of Office Open XML workbooks (.xlsx, as written by Excel, WPS, LibreOffice and
// libxlsxwriter) on libzip + expat. Sheets are parsed SAX-style while their zip entry inflates,
// so memory stays flat however many rows a sheet has; only shared strings and styles are held.
//
// Handles workbook.xml + relationships, sharedStrings (with rich-text runs; phonetic runs are
// skipped), inline strings, formula string results (t="str"), booleans, error cells, numbers,
// ISO dates (t="d"), date number formats (built-in ids and custom format codes, 1900 and 1904
// systems), sparse rows and cells (r="C5"), hidden sheets and namespace prefixes. Refuses DTDs,
// zip bombs, entries or shared strings beyond ReaderLimits, cells beyond the row/column limits,
// and any malformed XML or zip with a Chinese error (never a crash).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "zj/io/cell.h"

namespace zj::io {

class XlsxWorkbook {
 public:
  struct SheetInfo {
    std::string name;
    std::string path;  // zip entry, e.g. "xl/worksheets/sheet1.xml"
    bool hidden = false;
  };

  // Opens the workbook and loads its sheet list, styles and shared strings. kNotFound/kIoError
  // when the file cannot be read; kInvalidArgument when it is not a readable xlsx (not a zip,
  // truncated, no workbook part, broken XML); kResourceExhausted when a limit is exceeded.
  static Result<std::unique_ptr<XlsxWorkbook>> Open(const std::string& path,
                                                    const ReaderLimits& limits = {});
  // The same over bytes in memory (tests, fuzzing).
  static Result<std::unique_ptr<XlsxWorkbook>> FromBytes(std::string bytes,
                                                         const ReaderLimits& limits = {});
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  const std::vector<SheetInfo>& sheets() const { return sheets_; }
  bool date1904() const { return date1904_; }
  // Index of the sheet with this name, or -1.
  int FindSheet(const std::string& name) const;
  // A streaming row source over sheet `index`. The workbook must outlive it. Several sources may
  // be open at once.
  Result<std::unique_ptr<RowSource>> OpenSheet(int index);

  struct Impl;  // internal state (xlsx_reader.cc)

 private:
  explicit XlsxWorkbook(std::unique_ptr<Impl> impl);
  Status Load();

  std::unique_ptr<Impl> impl_;
  std::vector<SheetInfo> sheets_;
  bool date1904_ = false;
};

}  // namespace zj::io
