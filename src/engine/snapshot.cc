// Builds columnar snapshots of one school year and the multi-year History (see snapshot.h).
#include "zj/engine/snapshot.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <string_view>
#include <thread>

namespace zj::engine {

namespace {

uint8_t AgeOf(const Date& birth, int year) {
  if (!birth.valid()) return kUnknownAge;
  int age = AgeAtSchoolYear(birth, year);
  if (age < 0 || age >= kUnknownAge) return kUnknownAge;
  return static_cast<uint8_t>(age);
}

uint8_t Clamp8(int v) { return static_cast<uint8_t>(std::clamp(v, 0, 254)); }

// Position of the first element of `v` (sorted by key) whose key is not below `id`. Rows mostly
// arrive in the same order, so it steps forward from `cursor` and searches only when `id` lies
// behind it.
template <typename V, typename Key>
size_t SeekSorted(const V& v, size_t cursor, int64_t id, Key key) {
  if (cursor >= v.size() || key(v[cursor]) > id) {
    cursor = std::partition_point(v.begin(), v.end(), [&](const auto& x) { return key(x) < id; }) -
             v.begin();
  }
  while (cursor < v.size() && key(v[cursor]) < id) ++cursor;
  return cursor;
}

}  // namespace

PersonIndex::PersonIndex(const std::vector<model::Student>& students,
                         const std::vector<model::Teacher>& teachers) {
  students_.reserve(students.size());
  for (const auto& s : students) students_[s.id] = &s;
  teachers_.reserve(teachers.size());
  for (const auto& t : teachers) teachers_[t.id] = &t;
}

const model::Student* PersonIndex::student(int64_t id) const {
  auto it = students_.find(id);
  return it == students_.end() ? nullptr : it->second;
}

const model::Teacher* PersonIndex::teacher(const std::string& id) const {
  auto it = teachers_.find(id);
  return it == teachers_.end() ? nullptr : it->second;
}

// Fills a Snapshot row by row: classes first, then enrolments (with their student's facts), then
// health rows (joined to the enrolment of the same student), teachers and facilities.
class SnapshotBuilder {
 public:
  SnapshotBuilder(std::shared_ptr<const Hierarchy> hierarchy, int year) {
    s_.year_ = year;
    s_.hierarchy_ = std::move(hierarchy);
  }

  Status AddClass(const model::Class& c) {
    int school = School(c.school_code);
    if (school < 0) return UnknownSchool("班级 " + std::to_string(c.id) + " ", c.school_code);
    class_index_[c.id] = static_cast<int32_t>(s_.classes_.size());
    s_.classes_.id.push_back(c.id);
    s_.classes_.school.push_back(school);
    s_.classes_.stage.push_back(static_cast<uint8_t>(c.stage));
    s_.classes_.grade.push_back(Clamp8(c.grade));
    s_.classes_.class_size.push_back(0);
    return Status::Ok();
  }

  // `st` is nullptr when the student is unknown.
  Status AddEnrolment(const model::EnrolmentFacts& r, const model::StudentFacts* st) {
    int school = School(r.school_code);
    if (school < 0) {
      return UnknownSchool("学生 " + std::to_string(r.student_id) + " 的学籍",
                           std::string(r.school_code));
    }
    int32_t ci = -1;
    if (auto it = class_index_.find(r.class_id); r.class_id != 0 && it != class_index_.end()) {
      if (s_.classes_.school[it->second] == school) ci = it->second;
    }
    auto& e = s_.enrolments_;
    row_of_student_.emplace_back(r.student_id, static_cast<int32_t>(e.size()));
    e.school.push_back(school);
    e.class_index.push_back(ci);
    e.stage.push_back(static_cast<uint8_t>(r.stage));
    e.grade.push_back(Clamp8(r.grade));
    e.status.push_back(static_cast<uint8_t>(r.status));
    e.age.push_back(st ? AgeOf(st->birth_date, s_.year_) : kUnknownAge);
    e.gender.push_back(st ? static_cast<uint8_t>(st->gender) : 0);
    e.disability.push_back(st ? Clamp8(st->disability) : 0);
    e.migrant.push_back(st && st->migrant ? 1 : 0);
    e.left_behind.push_back(st && st->left_behind ? 1 : 0);
    if (ci >= 0 && model::CountsAsEnrolled(r.status)) ++s_.classes_.class_size[ci];
    int& mg = s_.max_grade_[static_cast<int>(r.stage) & 7];
    mg = std::max(mg, r.grade);
    return Status::Ok();
  }

  void AddHealth(const model::HealthRecord& r) {
    if (!health_started_) {  // rows usually arrive by student id; sort only when they do not
      health_started_ = true;
      auto& v = row_of_student_;
      if (!std::is_sorted(v.begin(), v.end())) std::sort(v.begin(), v.end());
      // A student listed twice keeps the later row (as a map assignment would).
      auto last = std::unique(v.rbegin(), v.rend(),
                              [](const auto& a, const auto& b) { return a.first == b.first; });
      v.erase(v.begin(), last.base());
    }
    int32_t row = FindStudentRow(r.student_id);
    if (row < 0) {
      ++s_.dropped_health_rows_;
      return;
    }
    const auto& e = s_.enrolments_;
    auto& hc = s_.health_;
    hc.school.push_back(e.school[row]);
    hc.stage.push_back(e.stage[row]);
    hc.grade.push_back(e.grade[row]);
    hc.gender.push_back(e.gender[row]);
    hc.exam_done.push_back(r.exam_done ? 1 : 0);
    hc.screened.push_back(r.myopia.has_value() ? 1 : 0);
    hc.myopia.push_back(r.myopia.value_or(false) ? 1 : 0);
    hc.tested.push_back(r.fitness_score.has_value() ? 1 : 0);
    hc.fitness_score.push_back(r.fitness_score.value_or(0.0));
  }

  Status AddTeacher(const model::TeacherYear& r, const model::Teacher* person) {
    int school = School(r.school_code);
    if (school < 0) return UnknownSchool("教师 " + r.teacher_id + " 的任职记录", r.school_code);
    auto& t = s_.teachers_;
    t.school.push_back(school);
    t.stage.push_back(static_cast<uint8_t>(r.stage));
    t.full_time.push_back(r.full_time);
    t.education.push_back(Clamp8(r.education));
    t.title.push_back(static_cast<uint8_t>(r.title));
    t.backbone.push_back(static_cast<uint8_t>(r.backbone));
    t.master_teacher.push_back(r.master_teacher);
    t.dual_qualified.push_back(r.dual_qualified);
    t.certified.push_back(r.certified);
    t.on_staff.push_back(r.on_staff);
    t.cadre.push_back(r.cadre);
    t.age.push_back(person ? AgeOf(person->birth_date, s_.year_) : kUnknownAge);
    t.gender.push_back(person ? static_cast<uint8_t>(person->gender) : 0);
    t.subjects.push_back(r.subjects);
    t.training_hours.push_back(r.training_hours);
    return Status::Ok();
  }

  Status AddFacility(const model::Facility& r) {
    int school = School(r.school_code);
    if (school < 0) return UnknownSchool("校舍资产记录", r.school_code);
    auto& f = s_.facilities_;
    f.school.push_back(school);
    const double values[FacilityColumns::kFieldCount] = {
        r.teaching_area_m2,
        r.sports_area_m2,
        r.equipment_value_yuan,
        static_cast<double>(r.multimedia_rooms),
        static_cast<double>(r.computers),
        static_cast<double>(r.books),
        static_cast<double>(r.music_rooms),
        static_cast<double>(r.art_rooms),
        static_cast<double>(r.labs),
        static_cast<double>(r.classrooms),
        static_cast<double>(r.beds),
        static_cast<double>(r.interactive_terminals)};
    for (int k = 0; k < FacilityColumns::kFieldCount; ++k) f.fields[k].push_back(values[k]);
    return Status::Ok();
  }

  // The columns grew by push_back (up to twice their size in capacity); a History keeps every
  // year's snapshot for the life of the server, so give the slack back.
  Snapshot Finish() {
    Snapshot::ForEachColumn(s_, [](int, auto& column) { column.shrink_to_fit(); });
    return std::move(s_);
  }

 private:
  int School(std::string_view code) {
    if (code == last_code_ && last_school_ >= 0) return last_school_;
    last_code_.assign(code);
    last_school_ = s_.hierarchy_->FindSchool(code);
    return last_school_;
  }

  Status UnknownSchool(const std::string& what, const std::string& code) const {
    return Status::InvalidArgument(std::to_string(s_.year_) + "学年" + what +
                                   "引用了不存在的学校：" + code);
  }

  // Enrolment row of a student (row_of_student_ sorted), -1 when none.
  int32_t FindStudentRow(int64_t id) {
    const auto& v = row_of_student_;
    cursor_ = SeekSorted(v, cursor_, id, [](const auto& p) { return p.first; });
    return cursor_ < v.size() && v[cursor_].first == id ? v[cursor_].second : -1;
  }

  Snapshot s_;
  std::unordered_map<int64_t, int32_t> class_index_;
  std::vector<std::pair<int64_t, int32_t>> row_of_student_;  // (student id, enrolment row)
  bool health_started_ = false;
  size_t cursor_ = 0;
  std::string last_code_;
  int last_school_ = -1;
};

Result<Snapshot> Snapshot::Build(std::shared_ptr<const Hierarchy> hierarchy, int year,
                                 const std::vector<model::Facility>& facilities,
                                 const std::vector<model::Class>& classes,
                                 const std::vector<model::Enrolment>& enrolments,
                                 const std::vector<model::HealthRecord>& health,
                                 const std::vector<model::TeacherYear>& teacher_years,
                                 const PersonIndex& people) {
  SnapshotBuilder b(std::move(hierarchy), year);
  for (const auto& c : classes) {
    if (c.year == year) ZJ_RETURN_IF_ERROR(b.AddClass(c));
  }
  for (const auto& r : enrolments) {
    if (r.year != year) continue;
    const model::Student* st = people.student(r.student_id);
    model::StudentFacts facts;
    if (st)
      facts = {st->id, st->gender, st->birth_date, st->migrant, st->left_behind, st->disability};
    ZJ_RETURN_IF_ERROR(
        b.AddEnrolment({r.student_id, r.school_code, r.class_id, r.stage, r.grade, r.status},
                       st ? &facts : nullptr));
  }
  for (const auto& r : health) {
    if (r.year == year) b.AddHealth(r);
  }
  for (const auto& r : teacher_years) {
    if (r.year == year) ZJ_RETURN_IF_ERROR(b.AddTeacher(r, people.teacher(r.teacher_id)));
  }
  for (const auto& r : facilities) {
    if (r.year == year) ZJ_RETURN_IF_ERROR(b.AddFacility(r));
  }
  return b.Finish();
}

namespace {

// Students' facts by id (ascending), from a lean scan.
Result<std::vector<model::StudentFacts>> ScanStudentFacts(model::Store& store, int year) {
  std::vector<model::StudentFacts> out;
  ZJ_RETURN_IF_ERROR(
      store.ScanStudents(year, [&](const model::StudentFacts& s) { out.push_back(s); }));
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  if (!std::is_sorted(out.begin(), out.end(), by_id)) std::sort(out.begin(), out.end(), by_id);
  return out;
}

// One year's snapshot from the store: enrolments joined in order to `students` (sorted by id).
Result<Snapshot> LoadYear(model::Store& store, std::shared_ptr<const Hierarchy> hierarchy, int year,
                          const std::vector<model::StudentFacts>& students,
                          const PersonIndex& teachers) {
  SnapshotBuilder b(std::move(hierarchy), year);
  ZJ_ASSIGN_OR_RETURN(auto classes, store.ListClasses(year));
  for (const auto& c : classes) ZJ_RETURN_IF_ERROR(b.AddClass(c));
  size_t cursor = 0;
  Status failed;
  ZJ_RETURN_IF_ERROR(store.ScanEnrolments(year, [&](const model::EnrolmentFacts& r) {
    if (!failed.ok()) return;
    // Enrolments come by student id like `students`.
    cursor = SeekSorted(students, cursor, r.student_id, [](const auto& s) { return s.id; });
    const model::StudentFacts* st = cursor < students.size() && students[cursor].id == r.student_id
                                        ? &students[cursor]
                                        : nullptr;
    failed = b.AddEnrolment(r, st);
  }));
  ZJ_RETURN_IF_ERROR(failed);
  ZJ_ASSIGN_OR_RETURN(auto health, store.ListHealthRecords(year));
  for (const auto& r : health) b.AddHealth(r);
  ZJ_ASSIGN_OR_RETURN(auto teacher_years, store.ListTeacherYears(year));
  for (const auto& r : teacher_years) {
    ZJ_RETURN_IF_ERROR(b.AddTeacher(r, teachers.teacher(r.teacher_id)));
  }
  ZJ_ASSIGN_OR_RETURN(auto facilities, store.ListFacilities(year));
  for (const auto& r : facilities) ZJ_RETURN_IF_ERROR(b.AddFacility(r));
  return b.Finish();
}

}  // namespace

// ---- History ---------------------------------------------------------------------------------

History History::Create(std::shared_ptr<const Hierarchy> hierarchy,
                        const std::vector<model::PopulationCount>& population,
                        const std::vector<model::BirthCount>& births,
                        const std::vector<model::DataValue>& data_values) {
  History h;
  h.hierarchy_ = std::move(hierarchy);
  const size_t n = h.hierarchy_->unit_count();
  for (const auto& p : population) {
    int unit = h.hierarchy_->Find(p.township_code);
    if (unit < 0 || p.age < 0 || p.age > 150) {
      ++h.skipped_rows_;
      continue;
    }
    auto& units = h.population_[p.year];
    if (units.empty()) units.resize(n);
    auto& ages = units[unit];
    if (ages.size() <= static_cast<size_t>(p.age)) ages.resize(p.age + 1, 0);
    ages[p.age] += p.count;
  }
  for (const auto& b : births) {
    int unit = h.hierarchy_->Find(b.township_code);
    if (unit < 0) {
      ++h.skipped_rows_;
      continue;
    }
    auto& units = h.births_[b.year];
    if (units.empty()) units.resize(n);
    units[unit] = units[unit].value_or(0) + b.count;
  }
  std::set<int> years;
  for (const auto& d : data_values) {
    int unit = h.hierarchy_->Find(d.unit_code);
    if (unit < 0) {
      ++h.skipped_rows_;
      continue;
    }
    h.data_[{d.code, unit, d.year}] = d;
    years.insert(d.year);
  }
  h.data_years_.assign(years.begin(), years.end());
  for (int s = 1; s < 8; ++s) h.grade_count_[s] = 0;
  return h;
}

Status History::AddSnapshot(Snapshot snapshot) {
  if (snapshot.hierarchy_ptr() != hierarchy_) {
    return Status::InvalidArgument("快照的行政区划与历史数据不一致");
  }
  int year = snapshot.year();
  for (int s = 1; s < 8; ++s) {
    grade_count_[s] = std::max(grade_count_[s], snapshot.MaxGrade(static_cast<model::Stage>(s)));
  }
  if (!snapshots_.emplace(year, std::move(snapshot)).second) {
    return Status::InvalidArgument("重复的学年快照：" + std::to_string(year));
  }
  return Status::Ok();
}

Result<History> History::Build(const RecordSet& r) {
  ZJ_ASSIGN_OR_RETURN(Hierarchy hier, Hierarchy::Build(r.admin_units, r.schools));
  auto shared = std::make_shared<const Hierarchy>(std::move(hier));
  History h = Create(shared, r.population, r.births, r.data_values);
  std::set<int> years;
  for (const auto& x : r.enrolments) years.insert(x.year);
  for (const auto& x : r.classes) years.insert(x.year);
  for (const auto& x : r.teacher_years) years.insert(x.year);
  for (const auto& x : r.facilities) years.insert(x.year);
  PersonIndex people(r.students, r.teachers);
  for (int y : years) {
    ZJ_ASSIGN_OR_RETURN(Snapshot s,
                        Snapshot::Build(shared, y, r.facilities, r.classes, r.enrolments,
                                        r.health_records, r.teacher_years, people));
    ZJ_RETURN_IF_ERROR(h.AddSnapshot(std::move(s)));
  }
  return h;
}

std::vector<int> History::years() const {
  std::vector<int> out;
  for (const auto& [y, s] : snapshots_) out.push_back(y);
  return out;
}

std::vector<int> History::all_years() const {
  std::set<int> ys(data_years_.begin(), data_years_.end());
  for (const auto& [y, s] : snapshots_) ys.insert(y);
  for (const auto& [y, p] : population_) ys.insert(y);
  return {ys.begin(), ys.end()};
}

const Snapshot* History::Find(int year) const {
  auto it = snapshots_.find(year);
  return it == snapshots_.end() ? nullptr : &it->second;
}

int History::GradeCount(model::Stage s) const {
  int g = grade_count_[static_cast<int>(s) & 7];
  return g > 0 ? g : model::DefaultGradeCount(s);
}

namespace {

// Own rows when present, else the sum over admin children; nullopt when none below has rows.
template <typename Own>
std::optional<int64_t> RollUp(const Hierarchy& h, int unit, const Own& own) {
  if (auto v = own(unit)) return v;
  std::optional<int64_t> total;
  for (int c : h.unit(unit).children) {
    if (h.unit(c).kind == UnitKind::kSchool) continue;
    if (auto v = RollUp(h, c, own)) total = total.value_or(0) + *v;
  }
  return total;
}

}  // namespace

std::optional<int64_t> History::Population(int unit, int year, int age_min, int age_max) const {
  auto it = population_.find(year);
  if (it == population_.end() || unit < 0) return std::nullopt;
  if (hierarchy_->unit(unit).kind == UnitKind::kSchool) return std::nullopt;
  const auto& units = it->second;
  return RollUp(*hierarchy_, unit, [&](int u) -> std::optional<int64_t> {
    const auto& ages = units[u];
    if (ages.empty()) return std::nullopt;
    int64_t sum = 0;
    for (int a = std::max(age_min, 0); a <= age_max && a < static_cast<int>(ages.size()); ++a) {
      sum += ages[a];
    }
    return sum;
  });
}

std::optional<int64_t> History::Births(int unit, int year) const {
  auto it = births_.find(year);
  if (it == births_.end() || unit < 0) return std::nullopt;
  if (hierarchy_->unit(unit).kind == UnitKind::kSchool) return std::nullopt;
  const auto& units = it->second;
  return RollUp(*hierarchy_, unit, [&](int u) { return units[u]; });
}

const model::DataValue* History::DataRecord(const std::string& code, int unit, int year) const {
  auto it = data_.find({code, unit, year});
  return it == data_.end() ? nullptr : &it->second;
}

std::optional<double> History::Data(const std::string& code, int unit, int year) const {
  const model::DataValue* d = DataRecord(code, unit, year);
  if (d == nullptr) return std::nullopt;
  return d->value;
}

std::optional<double> History::DataSum(const std::string& code, int unit, int year) const {
  if (auto v = Data(code, unit, year)) return v;
  std::optional<double> total;
  for (int c : hierarchy_->unit(unit).children) {
    if (auto v = DataSum(code, c, year)) total = total.value_or(0) + *v;
  }
  return total;
}

// ---- Loading from a store --------------------------------------------------------------------

Result<RecordSet> ReadRecordSet(model::Store& store, const std::vector<int>& years_in) {
  RecordSet r;
  ZJ_ASSIGN_OR_RETURN(r.admin_units, store.ListAdminUnits());
  ZJ_ASSIGN_OR_RETURN(r.schools, store.ListSchools());
  ZJ_ASSIGN_OR_RETURN(r.students, store.ListStudents(0));
  ZJ_ASSIGN_OR_RETURN(r.teachers, store.ListTeachers());
  ZJ_ASSIGN_OR_RETURN(r.population, store.ListPopulation(0));
  ZJ_ASSIGN_OR_RETURN(r.births, store.ListBirths());
  ZJ_ASSIGN_OR_RETURN(r.data_values, store.ListDataValues(""));
  std::vector<int> years = years_in;
  if (years.empty()) {
    ZJ_ASSIGN_OR_RETURN(years, store.ListYears());
  }
  auto append = [](auto& dst, auto&& src) {
    dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
  };
  for (int y : years) {
    ZJ_ASSIGN_OR_RETURN(auto f, store.ListFacilities(y));
    append(r.facilities, f);
    ZJ_ASSIGN_OR_RETURN(auto c, store.ListClasses(y));
    append(r.classes, c);
    ZJ_ASSIGN_OR_RETURN(auto e, store.ListEnrolments(y));
    append(r.enrolments, e);
    ZJ_ASSIGN_OR_RETURN(auto hr, store.ListHealthRecords(y));
    append(r.health_records, hr);
    ZJ_ASSIGN_OR_RETURN(auto t, store.ListTeacherYears(y));
    append(r.teacher_years, t);
  }
  return r;
}

namespace {

// Loads years of one store over one hierarchy: from the store's snapshot cache when it holds a
// current entry, else from records (students and teachers read once, before the first such year)
// and then offered to the cache. FromRecords only reads what Start and ReadPeople built, so two
// threads may run it at once, each on its own store.
class YearLoader {
 public:
  YearLoader(model::Store& store, const LoadOptions& options, int student_year)
      : store_(store), options_(options), student_year_(student_year) {
    // The epoch is read before any record (the hierarchy included), so a write that lands during
    // the load moves it and the snapshots built meanwhile are not stored. A store without the
    // cache tables (an older file opened read-only) just has no cache.
    if (options_.read_cache || options_.write_cache) {
      Result<int64_t> epoch = store_.SnapshotEpoch();
      if (epoch.ok()) epoch_ = *epoch;
    }
  }

  // Reads schools and units into the hierarchy every snapshot of this load refers to.
  Status Start() {
    ZJ_ASSIGN_OR_RETURN(auto units, store_.ListAdminUnits());
    ZJ_ASSIGN_OR_RETURN(auto schools, store_.ListSchools());
    ZJ_ASSIGN_OR_RETURN(Hierarchy hier, Hierarchy::Build(units, schools));
    hierarchy_ = std::make_shared<const Hierarchy>(std::move(hier));
    if (epoch_) fingerprint_ = SnapshotFingerprint(*hierarchy_);
    return Status::Ok();
  }
  const std::shared_ptr<const Hierarchy>& hierarchy() const { return hierarchy_; }

  // The year's current cached snapshot, if the store has one (an unreadable entry is a miss).
  std::optional<Snapshot> FromCache(int year) {
    if (!epoch_ || !options_.read_cache) return std::nullopt;
    Result<std::optional<std::string>> cached = store_.ReadSnapshotCache(year, fingerprint_);
    if (!cached.ok() || !cached->has_value()) return std::nullopt;
    Result<Snapshot> s = DeserializeSnapshot(hierarchy_, year, **cached);
    if (!s.ok()) return std::nullopt;
    return std::move(*s);
  }

  // Students and teachers, read once before the first year built from records.
  Status ReadPeople() {
    if (people_) return Status::Ok();
    ZJ_ASSIGN_OR_RETURN(students_, ScanStudentFacts(store_, student_year_));
    ZJ_ASSIGN_OR_RETURN(teachers_, store_.ListTeachers());
    people_.emplace(std::vector<model::Student>{}, teachers_);
    return Status::Ok();
  }

  // The year built from the records of `store` (this loader's store or a reader of the same
  // data); ReadPeople first.
  Result<Snapshot> FromRecords(model::Store& store, int year) const {
    return LoadYear(store, hierarchy_, year, students_, *people_);
  }

  // Offers a snapshot built from records to the store's cache (a failure only loses the entry).
  void Offer(const Snapshot& s) {
    if (epoch_ && options_.write_cache) {
      (void)store_.WriteSnapshotCache(s.year(), *epoch_, fingerprint_, SerializeSnapshot(s));
    }
  }

 private:
  model::Store& store_;
  std::shared_ptr<const Hierarchy> hierarchy_;
  LoadOptions options_;
  int student_year_;
  std::optional<int64_t> epoch_;
  std::string fingerprint_;
  std::vector<model::StudentFacts> students_;
  std::vector<model::Teacher> teachers_;
  std::optional<PersonIndex> people_;  // points into teachers_
};

// Builds `years` from records, two at a time when the store can open a second reader (each
// thread takes the next year not yet started); the snapshots come back in the order of `years`.
Result<std::vector<Snapshot>> BuildFromRecords(YearLoader& loader, model::Store& store,
                                               const std::vector<int>& years) {
  ZJ_RETURN_IF_ERROR(loader.ReadPeople());
  std::vector<std::optional<Snapshot>> built(years.size());
  std::vector<Status> failed(years.size());
  std::atomic<size_t> next{0};
  auto work = [&](model::Store& from) {
    for (size_t k; (k = next.fetch_add(1)) < years.size();) {
      Result<Snapshot> s = loader.FromRecords(from, years[k]);
      if (!s.ok()) {
        failed[k] = s.status();
        next.store(years.size());  // the other thread stops after its current year
        return;
      }
      built[k] = std::move(*s);
    }
  };
  std::unique_ptr<model::Store> reader;
  if (years.size() > 1 && std::thread::hardware_concurrency() > 1) {
    Result<std::unique_ptr<model::Store>> r = store.OpenReader();
    if (r.ok()) reader = std::move(*r);  // no second reader: one thread
  }
  std::thread second;
  if (reader) second = std::thread(work, std::ref(*reader));
  work(store);
  if (second.joinable()) second.join();
  std::vector<Snapshot> out;
  out.reserve(years.size());
  for (size_t k = 0; k < years.size(); ++k) {
    ZJ_RETURN_IF_ERROR(failed[k]);
    if (!built[k]) return Status::Internal("快照加载未完成（" + std::to_string(years[k]) + "）");
    out.push_back(std::move(*built[k]));
  }
  return out;
}

}  // namespace

Result<History> LoadHistory(model::Store& store, const std::vector<int>& years_in,
                            const LoadOptions& options) {
  YearLoader loader(store, options, /*student_year=*/0);
  ZJ_RETURN_IF_ERROR(loader.Start());
  const std::shared_ptr<const Hierarchy>& shared = loader.hierarchy();
  ZJ_ASSIGN_OR_RETURN(auto population, store.ListPopulation(0));
  ZJ_ASSIGN_OR_RETURN(auto births, store.ListBirths());
  ZJ_ASSIGN_OR_RETURN(auto data_values, store.ListDataValues(""));
  History h = History::Create(shared, population, births, data_values);
  std::vector<int> years = years_in;
  if (years.empty()) {
    ZJ_ASSIGN_OR_RETURN(years, store.ListYears());
  }
  // Cached years first; the others from records (each thread holds one year's rows at a time).
  std::vector<int> missing;
  for (int y : years) {
    if (std::optional<Snapshot> s = loader.FromCache(y)) {
      ZJ_RETURN_IF_ERROR(h.AddSnapshot(std::move(*s)));
    } else {
      missing.push_back(y);
    }
  }
  if (missing.empty()) return h;
  ZJ_ASSIGN_OR_RETURN(std::vector<Snapshot> built, BuildFromRecords(loader, store, missing));
  for (Snapshot& s : built) {
    loader.Offer(s);
    ZJ_RETURN_IF_ERROR(h.AddSnapshot(std::move(s)));
  }
  return h;
}

Result<Snapshot> LoadSnapshot(model::Store& store, int year, const LoadOptions& options) {
  YearLoader loader(store, options, /*student_year=*/year);
  ZJ_RETURN_IF_ERROR(loader.Start());
  if (std::optional<Snapshot> s = loader.FromCache(year)) return std::move(*s);
  ZJ_RETURN_IF_ERROR(loader.ReadPeople());
  ZJ_ASSIGN_OR_RETURN(Snapshot s, loader.FromRecords(store, year));
  loader.Offer(s);
  return s;
}

}  // namespace zj::engine
