// Evidence file checks (src/server/evidence.h) from cases/evidence_cases.tsv, plus the checks a
// TSV cannot carry (NUL and control characters, over-long and invalid UTF-8 names) and the
// storage helpers (ids that are not hex are refused, so no request can choose a path).
#include "zj/server/evidence.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zj::server {
namespace {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

TEST(EvidenceTest, Cases) {
  std::ifstream in(std::string(ZJ_TEST_DATA_DIR) + "/cases/evidence_cases.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 3u) << line;
    SCOPED_TRACE(cells[0]);
    const std::string& expect = cells[2];
    Result<std::string> name = SanitizeEvidenceName(cells[0]);
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
  EXPECT_GE(n, 20);
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
