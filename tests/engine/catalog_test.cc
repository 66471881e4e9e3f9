// Catalog tests: the embedded catalog loads and holds the stable codes scripts rely on,
// docs/indicators.md is the generated rendering (regenerate with ZJ_UPDATE_DOCS=1), and
// ParseCatalog rejects malformed catalogs with a message naming the problem.
#include "zj/engine/catalog.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zj::engine {
namespace {

TEST(Catalog, LoadsWithStableCodes) {
  auto c = LoadCatalog();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_GE(c->indicators().size(), 50u);
  for (const char* code : {"kindergarten_enrolment",
                           "preschool_ger",
                           "inclusive_kindergarten_share",
                           "public_kindergarten_share",
                           "primary_enrolment",
                           "junior_enrolment",
                           "compulsory_enrolment",
                           "compulsory_retention",
                           "compulsory_enrolment_rate",
                           "special_needs_enrolment_rate",
                           "general_senior_enrolment",
                           "vocational_enrolment",
                           "senior_enrolment",
                           "senior_ger",
                           "big_class_count",
                           "super_big_class_count",
                           "standard_class_share",
                           "big_school_count",
                           "pupil_teacher_ratio_primary",
                           "pupil_teacher_ratio_junior",
                           "pupil_teacher_ratio_senior",
                           "backbone_teacher_count",
                           "backbone_teacher_share",
                           "master_degree_teacher_share",
                           "qualified_teacher_share",
                           "dual_qualified_teacher_share",
                           "kindergarten_teacher_certified_share",
                           "cadre_under45_share",
                           "fitness_pass_rate",
                           "fitness_good_rate",
                           "myopia_rate",
                           "health_exam_rate",
                           "avg_schooling_years",
                           "labour_avg_schooling_years",
                           "fiscal_education_share"}) {
    EXPECT_NE(c->Find(code), nullptr) << code;
  }
  // Marks the standards impose.
  EXPECT_EQ(c->Find("compulsory_enrolment_rate")->mark, Mark::kUnverified);
  EXPECT_EQ(c->Find("big_school_count")->mark, Mark::kSecondary);
  EXPECT_EQ(c->Find("inclusive_kindergarten_share")->mark, Mark::kVerified);
  EXPECT_EQ(c->FindParam("big_school_single")->value, 2000);
  EXPECT_EQ(c->FindParam("big_school_combined")->value, 2500);
  // The cohort lag is derived from the grade structure, not written as a constant.
  EXPECT_NE(c->Find("compulsory_retention")->expression.find("grades(primary) + grades(junior)"),
            std::string::npos);
}

TEST(Catalog, DocsPageIsGenerated) {
  auto c = LoadCatalog();
  ASSERT_TRUE(c.ok());
  std::string rendered = RenderCatalogMarkdown(*c);
  std::string path = std::string(ZJ_SOURCE_DIR) + "/docs/indicators.md";
  if (std::getenv("ZJ_UPDATE_DOCS")) {
    std::ofstream(path) << rendered;
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), rendered) << "docs/indicators.md is stale: run ZJ_UPDATE_DOCS=1 engine_tests "
                                   "--gtest_filter=Catalog.DocsPageIsGenerated";
}

std::string Minimal(const std::string& indicators, const std::string& params = "[]") {
  return R"({"version": 1, "params": )" + params + R"(, "indicators": )" + indicators + "}";
}

std::string Ind(const std::string& code, const std::string& expr,
                const std::string& mark = "verified", const std::string& unit = "人") {
  return R"({"code": ")" + code + R"(", "name_zh": "名", "name_en": "n", "unit": ")" + unit +
         R"(", "category": "c", "expression": ")" + expr +
         R"(", "description": "d", "source": "s", "mark": ")" + mark + R"("})";
}

TEST(Catalog, RejectsMalformedCatalogs) {
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {"not json", "不是合法的 JSON"},
      {R"({"version": 1})", "缺少 indicators 数组"},
      {Minimal("[" + Ind("a", "births()") + "," + Ind("a", "births()") + "]"), "指标代码重复：a"},
      {Minimal("[" + Ind("A-b", "births()") + "]"), "指标代码缺失或不合法"},
      {Minimal("[" + Ind("a", "births()", "maybe") + "]"), "mark 不合法：maybe"},
      {Minimal("[" + Ind("a", "births()", "verified", "furlongs") + "]"), "单位未登记：furlongs"},
      {Minimal("[" + Ind("a", "count(pupils)") + "]"),
       "指标 a 的公式有误：表达式第 7 个字符：未知记录表“pupils”"},
      {Minimal("[" + Ind("a", "param(\\\"x\\\")") + "]"), "未知参数“x”"},
      {Minimal("[" + Ind("a", "ind(\\\"b\\\")") + "," + Ind("b", "ind(\\\"a\\\") + 1") + "]"),
       "指标引用成环：a → b → a"},
      {Minimal("[" + Ind("a", "ind(\\\"a\\\")") + "]"), "指标引用成环：a → a"},
      {Minimal("[]", R"([{"code": "x", "name_zh": "x", "mark": "verified"}])"), "参数定义不完整"},
      {Minimal(R"([{"code": "a", "name_zh": "名"}])"), "指标 a 缺少字段 name_en"},
  };
  for (const auto& c : cases) {
    auto r = ParseCatalog(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.message), std::string::npos)
        << r.status().message() << " | expected: " << c.message;
  }
  auto ok = ParseCatalog(Minimal(
      "[" + Ind("a", "ind(\\\"b\\\") * param(\\\"x\\\")") + "," + Ind("b", "births()") + "]",
      R"([{"code": "x", "name_zh": "x", "value": 2, "mark": "unverified"}])"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->indicators().size(), 2u);
  EXPECT_EQ(ok->FindParam("x")->value, 2);
}

}  // namespace
}  // namespace zj::engine
