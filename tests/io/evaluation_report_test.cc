// The 督导评估 workbook: sheets, a failing school marked in text (not only by colour), the
// remediation sheet, and refusal of malformed JSON without leaving a file behind.
#include "zj/io/evaluation_report.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"
#include "zj/io/xlsx_reader.h"

namespace zj::io {
namespace {

using testing::TempDir;

constexpr char kEvaluation[] = R"({
  "framework": "yz2017", "framework_name": "优质均衡", "year": 2020, "unit": "500235",
  "unit_name": "测试县",
  "stages": [{"stage": "primary", "stage_name": "小学",
    "indicators": [{"key": "teaching_area_per_student", "name_zh": "生均教学及辅助用房面积",
                    "unit": "㎡/生", "comparator": ">=", "standard": {"value": 4.5}, "note": ""}],
    "cv": {"teaching_area_per_student": 0.093}, "cv_met": {"teaching_area_per_student": true},
    "cv_limit": 0.5, "county_values": {"teaching_area_per_student": 4.3},
    "school_count": 2, "passing": 1, "pass": false,
    "schools": [{"code": "P1", "name": "一小", "enrolment": 100, "values": {"teaching_area_per_student": 4.5},
                 "met": {"teaching_area_per_student": true}, "met_count": 7, "pass": true, "why": []},
                {"code": "P3", "name": "三小", "enrolment": 100, "values": {"teaching_area_per_student": 4.0},
                 "met": {"teaching_area_per_student": false}, "met_count": 5, "pass": false,
                 "why": ["达标 5 项，少于 6 项"]}]}],
  "items": [], "excluded": [], "rules": {}, "not_assessed": [], "verdict": "fail",
  "failures": ["小学 三小（P3）未达标"]})";

constexpr char kRemedy[] = R"({"total_cost": 60000, "unit_cost_mark": "unverified",
  "additions": [{"school": "P3", "school_name": "三小", "resource": "sports_area_m2",
                 "name_zh": "体育运动场馆", "unit": "㎡", "amount": 150, "for_rule": 150,
                 "cost": 60000, "reason": "school_rule"}],
  "totals": [{"resource": "sports_area_m2", "name_zh": "体育运动场馆", "unit": "㎡", "amount": 150,
              "yuan_each": 400, "cost": 60000}],
  "cv_steps": [], "after": {"verdict": "pass"}})";

std::string SheetText(XlsxWorkbook& wb, int index) {
  auto src = wb.OpenSheet(index);
  EXPECT_TRUE(src.ok());
  std::string out;
  SheetRow row;
  while (*(*src)->Next(&row)) {
    for (const Cell& c : row.cells) out += c.text + "|";
    out += "\n";
  }
  return out;
}

TEST(EvaluationReport, SheetsAndMarks) {
  TempDir dir;
  const std::string path = dir.File("eval.xlsx");
  Status s = WriteEvaluationXlsx(kEvaluation, kRemedy, path);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto wb = XlsxWorkbook::Open(path);
  ASSERT_TRUE(wb.ok()) << wb.status().ToString();
  ASSERT_EQ((*wb)->sheets().size(), 3u);
  EXPECT_EQ((*wb)->sheets()[0].name, "汇总");
  EXPECT_EQ((*wb)->sheets()[1].name, "小学");
  EXPECT_EQ((*wb)->sheets()[2].name, "补充方案");
  const std::string summary = SheetText(**wb, 0);
  EXPECT_NE(summary.find("未通过"), std::string::npos) << summary;
  EXPECT_NE(summary.find("小学 三小（P3）未达标"), std::string::npos);
  const std::string primary = SheetText(**wb, 1);
  EXPECT_NE(primary.find("P3|三小|100|4|5|未达标 ✗|达标 5 项，少于 6 项|"), std::string::npos)
      << primary;
  EXPECT_NE(primary.find("P1|一小|100|4.5|7|达标|"), std::string::npos) << primary;
  const std::string remedy = SheetText(**wb, 2);
  EXPECT_NE(remedy.find("P3|三小|体育运动场馆|150|㎡|150|60000|学校达标|"), std::string::npos)
      << remedy;
  EXPECT_NE(remedy.find("通过"), std::string::npos);
}

TEST(EvaluationReport, RefusesMalformedJsonAndLeavesNoFile) {
  TempDir dir;
  const std::string path = dir.File("bad.xlsx");
  EXPECT_EQ(WriteEvaluationXlsx("{", "", path).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteEvaluationXlsx(R"({"verdict": "pass"})", "", path).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteEvaluationXlsx(kEvaluation, "[]", path).code(), StatusCode::kInvalidArgument);
  // A stage without its fields: the writer stops and removes its temporary file.
  EXPECT_EQ(WriteEvaluationXlsx(R"({"verdict": "pass", "stages": [{}]})", "", path).code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp.xlsx"));
  EXPECT_EQ(WriteEvaluationXlsx(kEvaluation, "", dir.File("no/such/dir/x.xlsx")).code(),
            StatusCode::kIoError);
}

}  // namespace
}  // namespace zj::io
