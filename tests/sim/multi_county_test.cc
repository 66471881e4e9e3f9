// Several counties in one dataset (the province-scale benchmark input): distinct county codes
// under one city, township codes prefixed by their county, no key collisions across counties.
#include <gtest/gtest.h>

#include <set>

#include "demo_fixture.h"

namespace zj::sim::testing {
namespace {

TEST(MultiCountyTest, TwoCountiesUnderOneCity) {
  DemoOptions o;
  o.counties = 2;
  o.first_year = 2020;
  o.last_year = 2020;
  auto d = Generate(o);
  EXPECT_EQ(d->info.county_code, "");
  EXPECT_TRUE(d->info.synthetic);
  std::map<std::string, model::AdminUnit> u;
  for (const auto& a : d->units) u[a.code] = a;
  ASSERT_TRUE(u.count("5002"));
  EXPECT_EQ(u["5002"].parent_code, "50");
  std::set<std::string> county_names;
  for (const auto& code : DemoCountyCodes(2)) {
    ASSERT_TRUE(u.count(code)) << code;
    EXPECT_EQ(u[code].parent_code, "5002");
    EXPECT_EQ(u[code].level, model::AdminLevel::kCounty);
    county_names.insert(u[code].name);
  }
  EXPECT_EQ(county_names.size(), 2u);
  EXPECT_EQ(u["500235"].name, "云阳县");
  int townships = 0;
  for (const auto& a : d->units) {
    if (a.level != model::AdminLevel::kTownship) continue;
    ++townships;
    EXPECT_EQ(a.code.substr(0, 6), a.parent_code);
  }
  EXPECT_EQ(townships, 2 * 42);
  std::map<std::string, int> schools_per_county;
  for (const auto& s : d->schools) ++schools_per_county[s.township_code.substr(0, 6)];
  EXPECT_EQ(schools_per_county.size(), 2u);
  std::set<std::string> id_prefixes;
  for (const auto& s : d->students) id_prefixes.insert(s.id_number.substr(0, 6));
  EXPECT_EQ(id_prefixes, (std::set<std::string>{"500235", "500251"}));
  // The first county is the calibrated one whatever the number of counties.
  auto one = ComputeFigures(SharedDemo(), 2020);
  int64_t yunyang_primary = 0;
  for (const auto& e : d->by_year.at(2020).enrolments) {
    if (e.school_code.substr(4, 2) == "00" && e.stage == model::Stage::kPrimary &&
        model::CountsAsEnrolled(e.status)) {
      ++yunyang_primary;
    }
  }
  EXPECT_EQ(static_cast<double>(yunyang_primary), one.at("primary_enrolment"));
}

}  // namespace
}  // namespace zj::sim::testing
