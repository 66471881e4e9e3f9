// Streaming reader of delimited text files as exported by Excel, WPS and school systems: UTF-8
// (with or without BOM), UTF-16 with BOM ("Unicode 文本"), and GB18030/GBK, detected from the
// bytes; comma, tab or semicolon separators, detected from the header line; RFC 4180 quoting with
// doubled quotes and newlines inside quoted fields. The file is read in 64 KiB chunks, never
// whole. Every cell comes out as a kString cell in UTF-8.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "zj/io/cell.h"

namespace zj::io {

enum class TextEncoding { kUtf8, kUtf8Bom, kGb18030, kUtf16Le, kUtf16Be };
const char* TextEncodingName(TextEncoding e);  // "UTF-8", "UTF-8 (BOM)", "GB18030", …

class CsvReader final : public RowSource {
 public:
  // Opens a file; detects the encoding from its first 64 KiB and the separator from its first
  // record. kNotFound / kIoError when the file cannot be read; kInvalidArgument when the bytes are
  // not text (binary content) or in no supported encoding.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path,
                                                 const ReaderLimits& limits = {});
  // The same over bytes held in memory (tests, fuzzing).
  static Result<std::unique_ptr<CsvReader>> FromBytes(std::string bytes,
                                                      const ReaderLimits& limits = {});
  ~CsvReader() override;

  // Row numbers count records (a quoted field spanning lines is one row), header = 1.
  Result<bool> Next(SheetRow* row) override;
  const std::string& sheet_name() const override { return name_; }

  TextEncoding encoding() const { return encoding_; }
  char separator() const { return separator_; }

 private:
  class Decoder;
  CsvReader(FILE* file, std::string memory, const ReaderLimits& limits);
  Status Init();
  // Reads raw bytes: from the file, or from the in-memory buffer.
  size_t ReadRaw(char* dst, size_t n);
  // Appends more decoded UTF-8 to text_; false at end of input.
  Result<bool> Refill();
  Result<bool> ReadRecord(SheetRow* row);

  FILE* file_ = nullptr;
  std::string memory_;
  size_t memory_pos_ = 0;
  ReaderLimits limits_;
  std::string name_;
  TextEncoding encoding_ = TextEncoding::kUtf8;
  char separator_ = ',';
  std::unique_ptr<Decoder> decoder_;
  std::string text_;  // decoded UTF-8 not yet consumed (from pos_)
  size_t pos_ = 0;
  bool input_done_ = false;
  bool failed_ = false;
  int64_t record_ = 0;
};

}  // namespace zj::io
