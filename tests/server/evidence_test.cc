// Evidence file checks (src/server/evidence.h) from cases/evidence_cases.tsv (names may hold
// \uXXXX escapes, e.g. bidirectional controls), plus the checks a
// TSV cannot carry (NUL and control characters, over-long and invalid UTF-8 names) and the
// storage helpers (ids that are not hex are refused, so no request can choose a path).
#include "zj/server/evidence.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "case_file.h"

namespace zj::server {
namespace {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// Replaces each \uXXXX of a case-file name by that character (UTF-8).
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\\u") != 0 || i + 6 > text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const auto cp = static_cast<unsigned>(std::stoul(text.substr(i + 2, 4), nullptr, 16));
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    i += 5;
  }
  return out;
}

TEST(EvidenceTest, Cases) {
  int n = 0;
  for (const std::vector<std::string>& cells : testing::ReadCaseFile("evidence_cases.tsv")) {
    ASSERT_EQ(cells.size(), 3u) << cells[0];
    SCOPED_TRACE(cells[0]);
    const std::string& expect = cells[2];
    Result<std::string> name = SanitizeEvidenceName(Unescape(cells[0]));
    Result<std::string> type = name.ok() ? DetectEvidenceType(FromHex(cells[1]), *name)
                                         : Result<std::string>(name.status());
    if (expect.rfind("error: ", 0) == 0) {
      ASSERT_FALSE(type.ok()) << "accepted as " << *type;
      EXPECT_EQ(type.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(type.status().message().find(expect.substr(7)), std::string::npos)
          << type.status().message();
    } else {
      ASSERT_TRUE(type.ok()) << type.status().ToString();
      EXPECT_EQ(*type, expect);
    }
    ++n;
  }
  EXPECT_GE(n, 39);
}

TEST(EvidenceTest, NamesATsvCannotCarry) {
  EXPECT_FALSE(SanitizeEvidenceName(std::string("a\0.pdf", 6)).ok());
  EXPECT_FALSE(SanitizeEvidenceName("a\n.pdf").ok());
  EXPECT_FALSE(SanitizeEvidenceName("a\x7f.pdf").ok());
  EXPECT_FALSE(SanitizeEvidenceName("\xff\xfe.pdf").ok());                  // not UTF-8
  EXPECT_FALSE(SanitizeEvidenceName(std::string(117, 'a') + ".pdf").ok());  // 121 bytes
  EXPECT_TRUE(SanitizeEvidenceName(std::string(116, 'a') + ".pdf").ok());   // 120 bytes
  EXPECT_EQ(*SanitizeEvidenceName("  报告 2023.pdf "), "报告 2023.pdf");
}

TEST(EvidenceTest, StorageRefusesNonHexIdsAndRoundTrips) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("zj_evidence_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  EXPECT_FALSE(StoreEvidenceFile(dir.string(), "../x", "data").ok());
  EXPECT_FALSE(StoreEvidenceFile(dir.string(), "ABC", "data").ok());
  EXPECT_EQ(StoreEvidenceFile("", "ab", "data").code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(StoreEvidenceFile(dir.string(), "ab12", std::string("%PDF-\0x", 7)).ok());
  auto back = ReadEvidenceFile(dir.string(), "ab12");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, std::string("%PDF-\0x", 7));
  EXPECT_EQ(ReadEvidenceFile(dir.string(), "../ab12").status().code(), StatusCode::kNotFound);
  RemoveEvidenceFile(dir.string(), "ab12");
  EXPECT_FALSE(fs::exists(dir / "ab12"));
  // Only the stored file: no temporary left behind.
  EXPECT_TRUE(fs::is_empty(dir));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zj::server
