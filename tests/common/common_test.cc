// Unit tests of zj_common: Status/Result, dates and school years, 身份证 check digit, CSV, code
// tables.
#include <gtest/gtest.h>

#include "zj/common/code_tables.h"
#include "zj/common/csv.h"
#include "zj/common/date.h"
#include "zj/common/id_number.h"
#include "zj/common/status.h"

namespace zj {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Status::InvalidArgument("odd");
  return x / 2;
}
Status UseHalf(int x, int* out) {
  ZJ_ASSIGN_OR_RETURN(int h, Half(x));
  *out = h;
  return Status::Ok();
}

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = Status::NotFound("学校不存在");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not_found: 学校不存在");
  EXPECT_STREQ(StatusCodeName(StatusCode::kPermissionDenied), "permission_denied");
}

TEST(StatusTest, ResultPropagation) {
  int v = 0;
  EXPECT_TRUE(UseHalf(8, &v).ok());
  EXPECT_EQ(v, 4);
  Status s = UseHalf(7, &v);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(v, 4);
}

// School-year arithmetic: the cases are the convention itself (9月1日, age at 31 Aug).
TEST(DateTest, SchoolYear) {
  struct Case {
    Date d;
    int year;
  } cases[] = {{{2021, 3, 1}, 2020},
               {{2021, 8, 31}, 2020},
               {{2021, 9, 1}, 2021},
               {{2020, 12, 31}, 2020},
               {{2020, 1, 1}, 2019}};
  for (const auto& c : cases) EXPECT_EQ(SchoolYearOf(c.d), c.year) << c.d.ToString();
}

TEST(DateTest, AgeAtSchoolYear) {
  // Born 2014-08-31: 6 on 31 Aug 2020 → enters grade 1 in 2020. Born 2014-09-01: waits to 2021.
  EXPECT_EQ(AgeAtSchoolYear({2014, 8, 31}, 2020), 6);
  EXPECT_EQ(AgeAtSchoolYear({2014, 9, 1}, 2020), 5);
  EXPECT_EQ(AgeAtSchoolYear({2014, 9, 1}, 2021), 6);
  EXPECT_EQ(AgeAtSchoolYear({2014, 1, 1}, 2020), 6);
}

// The hand-written fast path and the printf fallback render alike (zero padding, odd values).
TEST(DateTest, ToStringPadsLikePrintf) {
  EXPECT_EQ((Date{5, 1, 2}).ToString(), "0005-01-02");
  EXPECT_EQ((Date{2016, 12, 31}).ToString(), "2016-12-31");
  EXPECT_EQ((Date{0, 0, 0}).ToString(), "0000-00-00");
  EXPECT_EQ((Date{12345, 1, 1}).ToString(), "12345-01-01");
  EXPECT_EQ((Date{-1, 1, 1}).ToString(), "-001-01-01");
  EXPECT_EQ((Date{2016, 123, 1}).ToString(), "2016-123-01");
}

TEST(DateTest, ParseAndDays) {
  EXPECT_EQ(ParseDate("2020-02-29")->ToString(), "2020-02-29");
  EXPECT_EQ(ParseDate("20200229")->day, 29);
  EXPECT_FALSE(ParseDate("2021-02-29"));
  EXPECT_FALSE(ParseDate("2021-13-01"));
  EXPECT_FALSE(ParseDate("2021-1-1"));
  EXPECT_FALSE(ParseDate("abcd-ef-gh"));
  Date d{2000, 3, 1};
  EXPECT_EQ(Date::FromDays(d.ToDays()), d);
  EXPECT_EQ((Date{1970, 1, 1}).ToDays(), 0);
  EXPECT_EQ((Date{2000, 3, 1}).ToDays() - (Date{2000, 2, 28}).ToDays(), 2);
}

// GB 11643 check digits: valid numbers and each kind of invalid one.
TEST(IdNumberTest, CheckDigit) {
  // The worked example of GB 11643-1999: 11010519491231002X.
  EXPECT_EQ(*IdCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(*IdCheckChar("44052418800101001"), '4');
  EXPECT_FALSE(IdCheckChar("4405241880010100"));
  EXPECT_FALSE(IdCheckChar("4405241880010100A"));
}

TEST(IdNumberTest, Validate) {
  auto ok = ValidateIdNumber("11010519491231002X");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->birth_date, (Date{1949, 12, 31}));
  EXPECT_FALSE(ok->male);  // sequence 002 is even
  EXPECT_TRUE(ValidateIdNumber("11010519491231002x").ok());
  EXPECT_FALSE(ValidateIdNumber("110105194912310021").ok());  // wrong check digit
  EXPECT_FALSE(ValidateIdNumber("11010519491331002X").ok());  // month 13 (check digit fixed below)
  std::string bad_date = std::string("11010519490231001");    // 1949-02-31
  bad_date.push_back(*IdCheckChar(bad_date));
  auto r = ValidateIdNumber(bad_date);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("出生日期"), std::string::npos);
  EXPECT_FALSE(ValidateIdNumber("1101051949").ok());
}

TEST(IdNumberTest, MakeAndMask) {
  std::string id = MakeIdNumber("500235", {2014, 5, 17}, 123);
  auto info = ValidateIdNumber(id);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->birth_date, (Date{2014, 5, 17}));
  EXPECT_TRUE(info->male);
  EXPECT_EQ(MaskIdNumber("500235201405171234"), "500235********1234");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳明月"), "欧***");
  EXPECT_EQ(MaskName("Li"), "L*");
}

TEST(CsvTest, QuotesAndNewlines) {
  auto rows = common::ParseCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x,1\",\"say \"\"hi\"\"\nthere\"\n,\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1][0], "x,1");
  EXPECT_EQ((*rows)[1][1], "say \"hi\"\nthere");
  EXPECT_EQ((*rows)[2].size(), 2u);
  EXPECT_FALSE(common::ParseCsv("a,\"b\n").ok());
}

TEST(CodeTablesTest, Lookups) {
  EXPECT_EQ(common::SchoolTypeName(312), "九年一贯制学校");
  EXPECT_EQ(common::SchoolTypeName(512), "聋人学校");
  EXPECT_TRUE(common::IsKnownSchoolType(211));
  EXPECT_FALSE(common::IsKnownSchoolType(999));
  EXPECT_EQ(common::UrbanRuralTriad(122), "镇区");
  EXPECT_EQ(common::UrbanRuralTriad(220), "乡村");
  EXPECT_TRUE(common::IsUrbanCode(111));
  EXPECT_FALSE(common::IsUrbanCode(210));
  auto towns = common::TownshipsOf("500235");
  ASSERT_EQ(towns.size(), 42u);
  EXPECT_EQ(towns[0].code, "500235001");
  EXPECT_EQ(towns[0].name, "双江街道");
  EXPECT_TRUE(common::TownshipsOf("999999").empty());
}

TEST(CodeTables, Counties) {
  const common::CountyEntry* yunyang = common::FindCounty("500235");
  ASSERT_NE(yunyang, nullptr);
  EXPECT_EQ(yunyang->name, "云阳县");
  EXPECT_EQ(yunyang->pinyin, "yunyang");
  EXPECT_EQ(common::FindCounty("999999"), nullptr);
  EXPECT_GE(common::Counties().size(), 38u);  // 重庆市: 26 市辖区 + 12 县
  for (const common::CountyEntry& c : common::Counties()) {
    EXPECT_EQ(c.code.size(), 6u) << c.code;
    EXPECT_FALSE(c.name.empty()) << c.code;
    EXPECT_FALSE(c.pinyin.empty()) << c.code;
  }
}

}  // namespace
}  // namespace zj
