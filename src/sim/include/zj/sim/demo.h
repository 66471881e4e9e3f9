// The demo-county microsimulation: `zhijiao demo` fills a Store with a synthetic county shaped like
// 云阳县 (500235) — admin units, schools, yearly facilities, classes, students with yearly
// enrolment and health rows, teachers with yearly rows, population by township × year × age and
// births by township × year × month. Every record is synthetic and the database is marked so
// (DatabaseInfo.synthetic).
//
// The data come from a year-by-year microsimulation (births following the national trend, family
// migration out of and back into the county, urbanisation inside it, school entry and progression,
// schools that fill, open and expand, teachers hired, promoted and retired). The model and its
// parameters are documented in src/sim/params.h; the 2015 and 2020 school years reproduce the
// county plan's figures (tests/sim/calibration_test.cc).
//
// The simulation always starts in kHistoryStartYear, whatever window is requested, so a given seed
// yields the same world and [first_year, last_year] only selects which school years are written.
// Same options → byte-identical store content.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "zj/common/status.h"
#include "zj/model/store.h"

namespace zj::sim {

inline constexpr int kHistoryStartYear = 2000;  // first simulated school year
inline constexpr int kMinOutputYear = 2003;     // earliest school year that can be written
inline constexpr int kMaxOutputYear = 2035;     // latest (births after 2024 held at 2024's level)
inline constexpr int kMaxCounties = 50;

struct DemoProgress {
  int county_index = 0;  // 0-based
  int counties = 1;
  int year = 0;          // school year just simulated
  bool written = false;  // whether that year's records were written to the store
};

struct DemoOptions {
  uint64_t seed = 1;
  int counties = 1;  // 1 → 云阳县 alone; K > 1 → 云阳县 plus K−1 synthetic counties under one city
  int first_year = 2015;
  int last_year = 2025;
  // Called after each simulated school year of each county (from the calling thread).
  std::function<void(const DemoProgress&)> progress;
};

// The 6-digit county codes GenerateDemo uses for `counties` counties: "500235" first, then
// synthetic codes 500251, 500252, … (not real 区划代码).
std::vector<std::string> DemoCountyCodes(int counties);

// The command line that reproduces a dataset ("zhijiao demo --seed 1 --counties 1 …"), stored as
// DatabaseInfo.created_by.
std::string DemoCommandLine(const DemoOptions& options);

// Simulates and writes the demo dataset into `store`, which should be empty (records are upserted,
// so an existing dataset with the same keys is overwritten). Errors: kInvalidArgument for options
// out of range (nothing is written); a Store error is returned as is. Records are written in
// batches (one Put per table per county-year, each atomic); after a Store error the batches
// written before it stay, and the DatabaseInfo (written first) marks them synthetic.
Status GenerateDemo(const DemoOptions& options, model::Store& store);

}  // namespace zj::sim
