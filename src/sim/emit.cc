// Conversion of a simulated school year into domain records (model::*), including the synthetic
// names and 身份证号 of students and teachers and the yearly health rows.
#include <algorithm>
#include <cmath>

#include "names.h"
#include "world_impl.h"
#include "zj/common/id_number.h"

namespace zj::sim {

using model::Stage;

namespace {

const char* kDigits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

std::string ClassName(Stage st, int grade, int number) {
  std::string g;
  switch (st) {
    case Stage::kKindergarten:
      g = grade == 1 ? "小班" : (grade == 2 ? "中班" : "大班");
      break;
    case Stage::kPrimary:
      g = std::string(kDigits[grade]) + "年级";
      break;
    case Stage::kJunior:
      g = std::string(kDigits[grade + 6]) + "年级";
      break;
    case Stage::kGeneralSenior:
      g = std::string("高") + kDigits[grade];
      break;
    case Stage::kVocational:
      g = std::string("中职") + kDigits[grade] + "年级";
      break;
    case Stage::kSpecial:
      g = std::string("培智") + kDigits[grade] + "年级";
      break;
  }
  return g + "（" + std::to_string(number) + "）班";
}

double HashUniform(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return static_cast<double>(MixKeys({a, b, c, d}) >> 11) * 0x1.0p-53;
}

// A standard normal deviate from two hash-derived uniforms.
double HashNormal(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  double u1 = HashUniform(a, b, c, d * 2 + 1);
  if (u1 <= 0) u1 = 1e-12;
  const double u2 = HashUniform(a, b, c, d * 2 + 2);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace

void CountyWorld::Emit(YearRecords* out) {
  Impl& w = *impl_;
  const int y = w.year;
  *out = YearRecords{};
  out->year = y;
  for (const auto& s : w.schools) {
    if (!s.OpenIn(y)) continue;
    model::Facility f;
    f.school_code = s.rec.code;
    f.year = y;
    f.teaching_area_m2 = std::round(s.teaching_area);
    f.sports_area_m2 = std::round(s.sports_area);
    f.equipment_value_yuan = std::round(s.equipment);
    f.multimedia_rooms = s.multimedia;
    f.computers = s.computers;
    f.books = s.books;
    f.music_rooms = s.music;
    f.art_rooms = s.art;
    f.labs = s.labs;
    f.classrooms = s.rooms;
    f.beds = s.beds;
    f.interactive_terminals = s.terminals;
    out->facilities.push_back(std::move(f));
  }
  out->classes.reserve(w.classes.size());
  for (const auto& c : w.classes) {
    model::Class m;
    m.id = c.id;
    m.school_code = w.schools[static_cast<size_t>(c.school)].rec.code;
    m.year = y;
    m.stage = static_cast<Stage>(c.stage);
    m.grade = c.grade;
    m.name = ClassName(m.stage, c.grade, c.number);
    out->classes.push_back(std::move(m));
  }
  const uint64_t seed = w.spec.seed;
  const uint64_t county = static_cast<uint64_t>(w.spec.index);
  const double fitness_shift = w.p.fitness_trend_per_year * std::max(0, y - 2015);
  std::vector<std::array<int64_t, 18>> pop(w.tws.size());
  for (auto& row : pop) row.fill(0);
  for (auto& c : w.children) {
    if (c.flags & kGone) continue;
    if (!(c.flags & kAway)) {
      const int a = AgeAtSchoolYear(c.birth, y);
      if (a >= 0 && a <= 17) ++pop[c.res][static_cast<size_t>(a)];
    }
    if (c.stage == 0 || c.class_idx < 0) continue;
    const uint8_t flags_now = static_cast<uint8_t>(c.flags & (kMigrant | kLeftBehind | kAid));
    if (!(c.written & 0x80) || (c.written & 0x7F) != flags_now) {
      model::Student s;
      s.id = c.id;
      s.id_number = MakeIdNumber(w.spec.code, c.birth, c.seq);
      s.name =
          PersonName(MixKeys({seed, county, static_cast<uint64_t>(c.id), 0x5354}), c.gender == 1);
      s.gender = c.gender == 1 ? model::Gender::kMale : model::Gender::kFemale;
      s.ethnicity = c.ethnicity;
      s.birth_date = c.birth;
      s.hukou_township = w.tws[c.hukou].code;
      s.migrant = (c.flags & kMigrant) != 0;
      s.left_behind = (c.flags & kLeftBehind) != 0;
      s.disability = c.disability;
      s.financial_aid = (c.flags & kAid) != 0;
      out->students.push_back(std::move(s));
      c.written = static_cast<uint8_t>(0x80 | flags_now);
    }
    const SimClass& cl = w.classes[static_cast<size_t>(c.class_idx)];
    model::Enrolment e;
    e.student_id = c.id;
    e.year = y;
    e.school_code = w.schools[static_cast<size_t>(c.school)].rec.code;
    e.class_id = cl.id;
    e.stage = static_cast<Stage>(c.stage);
    e.grade = c.grade;
    switch (c.outcome) {
      case Outcome::kGraduate:
        e.status = model::EnrolmentStatus::kGraduated;
        break;
      case Outcome::kDropout:
        e.status = model::EnrolmentStatus::kDropout;
        break;
      case Outcome::kDeceased:
        e.status = model::EnrolmentStatus::kDeceased;
        break;
      case Outcome::kOut:
        e.status = model::EnrolmentStatus::kTransferredOut;
        break;
      case Outcome::kSuspend:
        e.status = model::EnrolmentStatus::kSuspended;
        break;
      default:
        e.status = c.entry == 2 ? model::EnrolmentStatus::kTransferredIn
                                : model::EnrolmentStatus::kEnrolled;
    }
    if (c.prev_school >= 0)
      e.prev_school_code = w.schools[static_cast<size_t>(c.prev_school)].rec.code;
    out->enrolments.push_back(std::move(e));
    // Health: 体检 for everyone, 视力 and 体质健康 from primary school on.
    model::HealthRecord h;
    h.student_id = c.id;
    h.year = y;
    const uint64_t id = static_cast<uint64_t>(c.id);
    h.exam_done = HashUniform(seed, id, static_cast<uint64_t>(y), 11) < w.p.exam_rate;
    if (c.stage != static_cast<uint8_t>(Stage::kKindergarten)) {
      if (HashUniform(seed, id, static_cast<uint64_t>(y), 12) < 0.985) h.myopia = c.myopic != 0;
      if (c.stage != static_cast<uint8_t>(Stage::kSpecial) &&
          HashUniform(seed, id, static_cast<uint64_t>(y), 13) < w.p.fitness_tested) {
        double score = w.p.fitness_mean + fitness_shift + w.p.fitness_sd * 0.75 * c.ability +
                       w.p.fitness_sd * 0.66 * HashNormal(seed, id, static_cast<uint64_t>(y), 14);
        if (c.disability) score -= 8;
        score = std::clamp(score, 20.0, 118.0);
        h.fitness_score = std::round(score * 10) / 10;
      }
    }
    out->health.push_back(std::move(h));
  }
  for (size_t t = 0; t < w.tws.size(); ++t) {
    for (int a = 0; a <= 64; ++a) {
      const int64_t n =
          a <= 17 ? pop[t][static_cast<size_t>(a)]
                  : static_cast<int64_t>(std::llround(w.adults[t][static_cast<size_t>(a)]));
      out->population.push_back({w.tws[t].code, y, a, n});
    }
  }
  for (size_t i = 0; i < w.teachers.size(); ++i) {
    SimTeacher& t = w.teachers[i];
    if (t.school < 0) continue;
    if (!t.written) {
      model::Teacher m;
      m.id = t.id;
      m.name = PersonName(MixKeys({seed, county, static_cast<uint64_t>(t.serial), 0x5445}),
                          t.gender == 1);
      m.gender = t.gender == 1 ? model::Gender::kMale : model::Gender::kFemale;
      m.birth_date = t.birth;
      out->teachers.push_back(std::move(m));
      t.written = true;
    }
    model::TeacherYear ty;
    ty.teacher_id = t.id;
    ty.year = y;
    ty.school_code = w.schools[static_cast<size_t>(t.school)].rec.code;
    ty.full_time = t.full_time;
    ty.stage = static_cast<Stage>(t.stage);
    ty.subjects = t.subjects;
    ty.education = t.education;
    ty.title = static_cast<model::TeacherTitle>(t.title);
    ty.backbone = static_cast<model::BackboneLevel>(t.backbone);
    ty.master_teacher = t.master;
    ty.dual_qualified = t.dual;
    ty.certified = t.certified;
    ty.on_staff = t.on_staff;
    ty.cadre = t.cadre;
    ty.training_hours = t.training;
    out->teacher_years.push_back(std::move(ty));
  }
}

std::vector<model::School> CountyWorld::SchoolsFor(int first, int last) const {
  std::vector<model::School> out;
  for (const auto& s : impl_->schools) {
    if (s.rec.opened_year > last) continue;
    // A school closing at the start of `first` is kept: that year's transfers name it as prev.
    if (s.rec.closed_year != 0 && s.rec.closed_year < first) continue;
    out.push_back(s.rec);
  }
  return out;
}

}  // namespace zj::sim
