// Report workbooks: what is written reads back cell by cell (title lines, header, text, numbers,
// empty cells), and bad sheets are refused before anything is written.
#include "zj/io/report_workbook.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "zj/io/xlsx_reader.h"

namespace zj::io {
namespace {

std::vector<SheetRow> ReadSheet(const std::string& bytes, const std::string& name) {
  auto book = XlsxWorkbook::FromBytes(bytes);
  EXPECT_TRUE(book.ok()) << book.status().ToString();
  if (!book.ok()) return {};
  auto src = (*book)->OpenSheet((*book)->FindSheet(name));
  EXPECT_TRUE(src.ok());
  if (!src.ok()) return {};
  std::vector<SheetRow> rows;
  SheetRow row;
  while (true) {
    auto more = (*src)->Next(&row);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    rows.push_back(row);
  }
  return rows;
}

TEST(ReportWorkbookTest, WritesTitlesHeaderTextNumbersAndGaps) {
  ReportSheet s;
  s.name = "学校";
  s.title_lines = {"云阳县 预测", "合成演示数据"};
  s.headers = {"学校代码", "学校", "在校生", "区间下限"};
  s.rows = {{std::string("3150000001"), std::string("城区一小"), 1234.5, ReportCell()},
            {std::string("3150000002"), std::string("龙角小学"), 56.0}};
  ReportSheet notes;
  notes.name = "说明";
  notes.headers = {"说明"};
  notes.rows = {{std::string("区间来自回测")}};
  auto bytes = ReportWorkbookBytes({s, notes});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto rows = ReadSheet(*bytes, "学校");
  // Title lines in rows 1–2, a blank row, the header in row 4, data from row 5.
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].row, 1);
  EXPECT_EQ(rows[0].Find(0)->text, "云阳县 预测");
  EXPECT_EQ(rows[2].row, 4);
  EXPECT_EQ(rows[2].Find(3)->text, "区间下限");
  EXPECT_EQ(rows[3].Find(0)->text, "3150000001");
  EXPECT_EQ(rows[3].Find(0)->type, CellType::kString);
  EXPECT_EQ(rows[3].Find(2)->type, CellType::kNumber);
  EXPECT_DOUBLE_EQ(rows[3].Find(2)->number, 1234.5);
  EXPECT_EQ(rows[3].Find(3), nullptr);  // monostate → no cell
  EXPECT_EQ(rows[4].Find(1)->text, "龙角小学");
  auto n = ReadSheet(*bytes, "说明");
  ASSERT_EQ(n.size(), 2u);  // no title: header in row 1
  EXPECT_EQ(n[1].Find(0)->text, "区间来自回测");
}

TEST(ReportWorkbookTest, RefusesBadSheetsWithoutWritingAFile) {
  namespace fs = std::filesystem;
  const fs::path out =
      fs::temp_directory_path() / ("zj_report_" + std::to_string(getpid()) + ".xlsx");
  ReportSheet ok;
  ok.name = "县";
  ok.headers = {"学年"};
  ReportSheet wide = ok;
  wide.name = "宽";
  wide.rows = {{1.0, 2.0}};
  ReportSheet bad = ok;
  bad.name = "a/b";
  struct Case {
    std::vector<ReportSheet> sheets;
    const char* message;
  } cases[] = {{{}, "没有任何工作表"},
               {{ok, ok}, "工作表名称重复"},
               {{bad}, "工作表名称无效"},
               {{wide}, "第 1 行的单元格多于表头"}};
  for (const auto& c : cases) {
    Status s = WriteReportWorkbook(c.sheets, out.string());
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.message;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
    EXPECT_FALSE(fs::exists(out));
  }
  Status missing_dir = WriteReportWorkbook({ok}, "/nonexistent-dir/x.xlsx");
  EXPECT_EQ(missing_dir.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace zj::io
