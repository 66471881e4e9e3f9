// Snapshots: one school year's registry records as compact columns (struct of arrays, school
// indices instead of school codes), and History: the snapshots of every loaded year sharing one
// Hierarchy, plus the year-keyed tables that do not belong to schools (population by township and
// age, births, manual data values). Cohort measures (巩固率: year t graduates ÷ year t−8 grade-1
// entrants) reach earlier years through History::Find(year).
//
// A Snapshot and a History are immutable once built and may be shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "zj/common/status.h"
#include "zj/engine/hierarchy.h"
#include "zj/model/records.h"
#include "zj/model/store.h"

namespace zj::engine {

inline constexpr uint8_t kUnknownAge = 255;

// 学籍 rows of the year (every status, including 休学; filters decide what counts).
struct EnrolmentColumns {
  std::vector<int32_t> school;
  std::vector<int32_t> class_index;  // index into ClassColumns, -1 when unknown
  std::vector<uint8_t> stage, grade, status, age, gender, disability, migrant, left_behind;
  size_t size() const { return school.size(); }
};

// Classes of the year; size = number of enrolment rows with CountsAsEnrolled(status).
struct ClassColumns {
  std::vector<int64_t> id;
  std::vector<int32_t> school;
  std::vector<uint8_t> stage, grade;
  std::vector<int32_t> class_size;
  size_t size() const { return school.size(); }
};

struct TeacherColumns {
  std::vector<int32_t> school;
  std::vector<uint8_t> stage, full_time, education, title, backbone, master_teacher, dual_qualified,
      certified, on_staff, cadre, age, gender;
  std::vector<uint32_t> subjects;
  std::vector<double> training_hours;
  size_t size() const { return school.size(); }
};

// Health rows joined to the student's enrolment row of the same year (rows of students without
// an enrolment that year are dropped and counted in Snapshot::dropped_health_rows()).
struct HealthColumns {
  std::vector<int32_t> school;
  std::vector<uint8_t> stage, grade, gender, exam_done, screened, myopia, tested;
  std::vector<double> fitness_score;  // 0 when not tested
  size_t size() const { return school.size(); }
};

// Facility fields, in the order of FacilityColumns::kFieldNames.
struct FacilityColumns {
  static constexpr int kFieldCount = 12;
  static constexpr std::array<const char*, kFieldCount> kFieldNames = {
      "teaching_area_m2", "sports_area_m2", "equipment_value_yuan",
      "multimedia_rooms", "computers",      "books",
      "music_rooms",      "art_rooms",      "labs",
      "classrooms",       "beds",           "interactive_terminals"};
  std::vector<int32_t> school;
  std::array<std::vector<double>, kFieldCount> fields;
  size_t size() const { return school.size(); }
};

// Lookup of students and teachers by id (birth dates, personal flags). Holds pointers into the
// vectors it was built from: they must outlive it.
class PersonIndex {
 public:
  PersonIndex(const std::vector<model::Student>& students,
              const std::vector<model::Teacher>& teachers);
  const model::Student* student(int64_t id) const;
  const model::Teacher* teacher(const std::string& id) const;

 private:
  std::unordered_map<int64_t, const model::Student*> students_;
  std::unordered_map<std::string, const model::Teacher*> teachers_;
};

class Snapshot {
 public:
  // Builds the snapshot of `year` from record vectors (rows of other years are ignored). Rows
  // naming an unknown school are an error (kInvalidArgument naming the row); an enrolment naming
  // a class of another school or year keeps the row but drops the class link.
  static Result<Snapshot> Build(std::shared_ptr<const Hierarchy> hierarchy, int year,
                                const std::vector<model::Facility>& facilities,
                                const std::vector<model::Class>& classes,
                                const std::vector<model::Enrolment>& enrolments,
                                const std::vector<model::HealthRecord>& health,
                                const std::vector<model::TeacherYear>& teacher_years,
                                const PersonIndex& people);

  int year() const { return year_; }
  const Hierarchy& hierarchy() const { return *hierarchy_; }
  const std::shared_ptr<const Hierarchy>& hierarchy_ptr() const { return hierarchy_; }
  const EnrolmentColumns& enrolments() const { return enrolments_; }
  const ClassColumns& classes() const { return classes_; }
  const TeacherColumns& teachers() const { return teachers_; }
  const HealthColumns& health() const { return health_; }
  const FacilityColumns& facilities() const { return facilities_; }
  // Highest grade seen for a stage this year (0 when the stage has no rows).
  int MaxGrade(model::Stage s) const { return max_grade_[static_cast<int>(s)]; }
  int64_t dropped_health_rows() const { return dropped_health_rows_; }
  bool empty() const {
    return enrolments_.size() + classes_.size() + teachers_.size() + facilities_.size() == 0;
  }

 private:
  friend class SnapshotBuilder;  // snapshot.cc: fills the columns row by row
  friend class SnapshotCodec;    // snapshot_cache.cc: (de)serialises the columns
  // Calls f(table, column) for every column of `s` (a Snapshot, const or not), in a fixed order;
  // `table` numbers the column's table (enrolments 0, classes 1, teachers 2, health 3,
  // facilities 4). The one list of the columns: the builder (snapshot.cc) and the cache codec
  // (snapshot_cache.cc) both go through it.
  template <typename S, typename F>
  static void ForEachColumn(S& s, F&& f) {
    auto& e = s.enrolments_;
    for (auto* c : {&e.school, &e.class_index}) f(0, *c);
    for (auto* c : {&e.stage, &e.grade, &e.status, &e.age, &e.gender, &e.disability, &e.migrant,
                    &e.left_behind}) {
      f(0, *c);
    }
    auto& cl = s.classes_;
    f(1, cl.school);
    f(1, cl.id);
    f(1, cl.stage);
    f(1, cl.grade);
    f(1, cl.class_size);
    auto& t = s.teachers_;
    f(2, t.school);
    for (auto* c : {&t.stage, &t.full_time, &t.education, &t.title, &t.backbone, &t.master_teacher,
                    &t.dual_qualified, &t.certified, &t.on_staff, &t.cadre, &t.age, &t.gender}) {
      f(2, *c);
    }
    f(2, t.subjects);
    f(2, t.training_hours);
    auto& h = s.health_;
    f(3, h.school);
    for (auto* c :
         {&h.stage, &h.grade, &h.gender, &h.exam_done, &h.screened, &h.myopia, &h.tested}) {
      f(3, *c);
    }
    f(3, h.fitness_score);
    f(4, s.facilities_.school);
    for (auto& field : s.facilities_.fields) f(4, field);
  }

  int year_ = 0;
  std::shared_ptr<const Hierarchy> hierarchy_;
  EnrolmentColumns enrolments_;
  ClassColumns classes_;
  TeacherColumns teachers_;
  HealthColumns health_;
  FacilityColumns facilities_;
  std::array<int, 8> max_grade_{};
  int64_t dropped_health_rows_ = 0;
};

// Every record kind as plain vectors, all years mixed (tests, the simulator, imports).
struct RecordSet {
  std::vector<model::AdminUnit> admin_units;
  std::vector<model::School> schools;
  std::vector<model::Facility> facilities;
  std::vector<model::Class> classes;
  std::vector<model::Student> students;
  std::vector<model::Enrolment> enrolments;
  std::vector<model::HealthRecord> health_records;
  std::vector<model::Teacher> teachers;
  std::vector<model::TeacherYear> teacher_years;
  std::vector<model::PopulationCount> population;
  std::vector<model::BirthCount> births;
  std::vector<model::DataValue> data_values;
};

class History {
 public:
  // Builds the hierarchy and one snapshot per school year that has enrolment, class, teacher or
  // facility rows; population, births and data values are indexed by unit and year.
  static Result<History> Build(const RecordSet& records);
  // An empty history over a hierarchy with the year-keyed tables; snapshots come with
  // AddSnapshot. Rows naming unknown units are skipped (counted in skipped_rows()).
  static History Create(std::shared_ptr<const Hierarchy> hierarchy,
                        const std::vector<model::PopulationCount>& population,
                        const std::vector<model::BirthCount>& births,
                        const std::vector<model::DataValue>& data_values);
  // Adds a snapshot built over the same hierarchy; kInvalidArgument when the year is present or
  // the hierarchy differs.
  Status AddSnapshot(Snapshot snapshot);

  const Hierarchy& hierarchy() const { return *hierarchy_; }
  const std::shared_ptr<const Hierarchy>& hierarchy_ptr() const { return hierarchy_; }
  // Years with a snapshot, ascending.
  std::vector<int> years() const;
  // Years with a snapshot or with population / data values, ascending.
  std::vector<int> all_years() const;
  const Snapshot* Find(int year) const;  // nullptr when the year has no snapshot
  int64_t skipped_rows() const { return skipped_rows_; }

  // Number of grades of a stage: the highest grade seen in any snapshot, or
  // model::DefaultGradeCount when no row of the stage exists (the structure is derived from the
  // data, so a 5-4 county gives 5 and 4).
  int GradeCount(model::Stage s) const;

  // Population of ages [age_min, age_max] in a unit at a school year. A unit's population is its
  // own rows when it has any, otherwise the sum over its child units. nullopt when neither the
  // unit nor any descendant has a row for that year, or the unit is a school.
  std::optional<int64_t> Population(int unit, int year, int age_min, int age_max) const;
  // Births of calendar year `year` (same roll-up rule).
  std::optional<int64_t> Births(int unit, int year) const;
  // Manual value (code, unit, year): the unit's own value only.
  std::optional<double> Data(const std::string& code, int unit, int year) const;
  // Additive manual value: the unit's own value, else the sum over child units (nullopt when no
  // descendant has one).
  std::optional<double> DataSum(const std::string& code, int unit, int year) const;
  const model::DataValue* DataRecord(const std::string& code, int unit, int year) const;

 private:
  std::shared_ptr<const Hierarchy> hierarchy_;
  std::map<int, Snapshot> snapshots_;
  std::array<int, 8> grade_count_{};
  // year → unit → ages (empty vector when the unit has no own rows)
  std::map<int, std::vector<std::vector<int64_t>>> population_;
  std::map<int, std::vector<std::optional<int64_t>>> births_;
  std::map<std::tuple<std::string, int, int>, model::DataValue> data_;  // (code, unit, year)
  std::vector<int> data_years_;
  int64_t skipped_rows_ = 0;
};

// ---- the store's snapshot cache (snapshot_cache.cc) ----
// A snapshot as bytes (columns as raw arrays; host byte order, named in the fingerprint).
std::string SerializeSnapshot(const Snapshot& snapshot);
// The snapshot back, over `hierarchy`; kDataLoss when the bytes are not a well-formed snapshot of
// `year` for this hierarchy (wrong lengths, school or class index out of range).
Result<Snapshot> DeserializeSnapshot(std::shared_ptr<const Hierarchy> hierarchy, int year,
                                     std::string_view data);
// Names the format version, the byte order and the hierarchy's school numbering: a cached
// snapshot is used only under the same fingerprint.
std::string SnapshotFingerprint(const Hierarchy& hierarchy);

struct LoadOptions {
  bool read_cache = true;   // use the store's cached snapshots (Store::ReadSnapshotCache)
  bool write_cache = true;  // store the snapshots built from records (Store::WriteSnapshotCache)
};

// Loads one school year's snapshot from a store (schools and units come along in the hierarchy).
// Enrolments and students are read through the store's lean scans (Store::ScanEnrolments,
// ScanStudents) and joined in order, without building records — or the year's cached snapshot
// is used when the store has a current one (see LoadOptions).
Result<Snapshot> LoadSnapshot(model::Store& store, int year, const LoadOptions& options = {});
// Loads every school year in the store — the years of Store::ListYears(), i.e. years with
// enrolment rows — or only `years` when given; population, births and data values are always
// loaded whole. A year with a current cached snapshot is not read from records at all; the others
// are read one year at a time per thread, by two threads when the store can open a second reader
// (Store::OpenReader). A cache that cannot be read or written is skipped, never an error.
Result<History> LoadHistory(model::Store& store, const std::vector<int>& years = {},
                            const LoadOptions& options = {});
// Reads every record kind of the store into vectors (all years, or only `years`).
Result<RecordSet> ReadRecordSet(model::Store& store, const std::vector<int>& years = {});

}  // namespace zj::engine
