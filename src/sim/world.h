// One simulated county: its townships, schools, children, teachers and adult population, advanced
// one school year at a time. GenerateDemo (demo.cc) drives a CountyWorld per county and streams
// what Emit returns into the Store; tests can drive it directly.
//
// Step(y) simulates school year y: it applies the outcomes of y−1 (progression, graduation, moves),
// adds the calendar-year-y births, brings back returning families, opens and expands schools,
// places every resident child at 9月1日, forms classes, staffs schools with teachers, updates
// health states and decides how year y ends for everyone (graduation, dropout, transfer out of the
// county, family moves inside it). Emit(y) then converts that state to records. Randomness is drawn
// from streams keyed by (seed, county, process, year), so Emit never changes the simulation.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "params.h"
#include "zj/common/date.h"
#include "zj/model/records.h"

namespace zj::sim {

enum class Zone : uint8_t { kSeat = 0, kCentral = 1, kTown = 2, kXiang = 3 };

struct Township {
  std::string code;  // 9-digit
  std::string name;
  Zone zone = Zone::kTown;
  int urban_rural = 0;
  double weight = 0;  // share of the county's hukou births
};

struct CountySpec {
  int index = 0;     // 0-based position in the dataset (0 = 云阳县)
  std::string code;  // 6-digit county code
  std::string name;
  std::string parent_code;
  double scale = 1.0;  // births relative to the calibrated county
  uint64_t seed = 1;
};

// Everything one county writes for one school year.
struct YearRecords {
  int year = 0;
  std::vector<model::Facility> facilities;
  std::vector<model::Class> classes;
  std::vector<model::Student> students;  // first appearance or changed attributes
  std::vector<model::Enrolment> enrolments;
  std::vector<model::HealthRecord> health;
  std::vector<model::Teacher> teachers;  // first appearance
  std::vector<model::TeacherYear> teacher_years;
  std::vector<model::PopulationCount> population;
};

// Aggregates of one simulated year, available without emitting records (for progress and tests).
struct YearSummary {
  int year = 0;
  std::array<int64_t, 7> enrolled{};  // by Stage value, CountsAsEnrolled rows
  int64_t kg_public = 0;
  int64_t resident_3_5 = 0, resident_15_17 = 0;
  int64_t births = 0;
  int schools_open = 0;
  int teachers = 0;
};

class CountyWorld {
 public:
  CountyWorld(CountySpec spec, const ModelParams& params);
  ~CountyWorld();
  CountyWorld(const CountyWorld&) = delete;
  CountyWorld& operator=(const CountyWorld&) = delete;

  const CountySpec& spec() const { return spec_; }
  const std::vector<Township>& townships() const { return townships_; }

  // Advances to school year `year`; years must be consecutive from kHistoryStartYear.
  void Step(int year);
  // Records of the year last stepped.
  void Emit(YearRecords* out);
  YearSummary Summary() const;

  // School records operating at some point in [first, last], plus those closing at the start of
  // `first` (closures known so far).
  std::vector<model::School> SchoolsFor(int first, int last) const;
  // Birth counts by township × month of calendar year `year` (≤ the last stepped year).
  std::vector<model::BirthCount> Births(int year) const;
  std::vector<model::AdminUnit> TownshipUnits() const;

  struct Impl;

 private:
  CountySpec spec_;
  std::vector<Township> townships_;
  Impl* impl_;
};

// The townships of a county spec: 云阳县's 42 real 乡级 units for index 0, the same names with
// codes under the synthetic county code otherwise.
std::vector<Township> BuildTownships(const CountySpec& spec);

// National births (万) for a calendar year from the embedded data/standards/china_births.csv
// (first-release column), held flat outside 2000–2024.
double NationalBirthsWan(int year);

}  // namespace zj::sim
