// GenerateDemo's handling of its options: bad options are rejected with a Chinese message and
// leave the store untouched; progress is reported per simulated year.
#include <gtest/gtest.h>

#include "zj/sim/demo.h"
#include "zj/storage/memory_store.h"

namespace zj::sim {
namespace {

struct BadCase {
  int counties, first, last;
  const char* message_part;
};

TEST(OptionsTest, BadOptionsChangeNothing) {
  const BadCase cases[] = {
      {0, 2015, 2025, "县数"}, {51, 2015, 2025, "县数"},    {1, 2002, 2025, "年份"},
      {1, 2015, 2036, "年份"}, {1, 2021, 2020, "起始学年"},
  };
  for (const auto& c : cases) {
    storage::MemoryStore store;
    DemoOptions o;
    o.counties = c.counties;
    o.first_year = c.first;
    o.last_year = c.last;
    Status s = GenerateDemo(o, store);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.counties << " " << c.first;
    EXPECT_NE(s.message().find(c.message_part), std::string::npos) << s.message();
    auto counts = store.Counts();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->admin_units + counts->schools + counts->students, 0);
    EXPECT_FALSE(store.GetInfo()->synthetic);
  }
}

TEST(OptionsTest, CountyCodesAndCommandLine) {
  EXPECT_EQ(DemoCountyCodes(3), (std::vector<std::string>{"500235", "500251", "500252"}));
  DemoOptions o;
  o.seed = 42;
  EXPECT_EQ(DemoCommandLine(o),
            "zhijiao demo --seed 42 --counties 1 --first-year 2015 --last-year 2025");
}

TEST(OptionsTest, ProgressIsReportedForEverySimulatedYear) {
  storage::MemoryStore store;
  DemoOptions o;
  o.first_year = kMinOutputYear;
  o.last_year = kMinOutputYear + 1;
  std::vector<DemoProgress> seen;
  o.progress = [&](const DemoProgress& p) { seen.push_back(p); };
  ASSERT_TRUE(GenerateDemo(o, store).ok());
  ASSERT_EQ(seen.size(), static_cast<size_t>(kMinOutputYear + 1 - kHistoryStartYear + 1));
  EXPECT_EQ(seen.front().year, kHistoryStartYear);
  EXPECT_FALSE(seen.front().written);
  EXPECT_TRUE(seen.back().written);
  EXPECT_EQ(seen.back().year, kMinOutputYear + 1);
  EXPECT_EQ(*store.ListYears(), (std::vector<int>{kMinOutputYear, kMinOutputYear + 1}));
}

}  // namespace
}  // namespace zj::sim
