// Internal state of a CountyWorld (shared by world.cc, network.cc, teachers.cc, emit.cc).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "params.h"
#include "world.h"
#include "zj/sim/random.h"

namespace zj::sim {

// Random stream identifiers (part of the stream key, so processes never share draws).
enum StreamId : uint64_t {
  kStreamBirths = 1,
  kStreamMigration = 2,
  kStreamPlacement = 3,
  kStreamOutcome = 4,
  kStreamNetwork = 5,
  kStreamTeachers = 6,
  kStreamInitial = 7,
  kStreamAdults = 8,
  kStreamHealth = 9,
  kStreamKindergarten = 10,
};

enum ChildFlag : uint8_t {
  kAway = 1,           // lives outside the county with migrant parents
  kLeftBehind = 2,     // 留守儿童
  kAid = 4,            // 享受资助
  kMigrant = 8,        // lives away from its hukou township (随迁子女)
  kGone = 16,          // left the simulation (dead, adult, left for good); removed at compaction
  kDropped = 32,       // left school for good (辍学, no further schooling)
  kSpecialNeeds = 64,  // attends the special school
  kLeaveAfter = 128,   // leaves the county at the end of this year (after graduating)
};

enum class Outcome : uint8_t {
  kNone = 0,
  kContinue,
  kGraduate,
  kDropout,
  kDeceased,
  kOut,      // 转出: the family leaves the county during/after the year
  kSuspend,  // 休学: repeats the grade next year
};

struct Child {
  int64_t id = 0;
  Date birth;
  uint16_t seq = 0;    // GB 11643 sequence (odd male, even female)
  uint8_t gender = 1;  // 1 male, 2 female
  uint8_t hukou = 0;   // township index
  uint8_t res = 0;     // residence township index (meaningful unless kAway)
  uint8_t flags = 0;
  uint8_t disability = 0;
  uint8_t ethnicity = 1;
  uint8_t stage = 0;  // 0 = not enrolled, else model::Stage
  uint8_t grade = 0;
  uint8_t entry = 1;  // EnrolmentStatus at 9月1日: 1 在读, 2 转入
  Outcome outcome = Outcome::kNone;
  uint8_t next_stage = 0;  // after 初中 graduation: model::Stage to enter, 0 = none
  uint8_t move_to = 0xFF;  // township the family moves to at year end (0xFF = none)
  uint8_t myopic = 0;
  uint8_t moved = 0;    // 1 family moved inside the county, 2 returned from outside (this year)
  uint8_t written = 0;  // bit 7: student record written; low bits: flags when written
  int16_t school = -1;
  int16_t prev_school = -1;  // this year's transfer origin: -1 none, -2 outside the county
  float village = 0;         // catchment position inside the residence township
  float ability = 0;         // latent fitness
  uint32_t key = 0;          // order inside classes
  int32_t class_idx = -1;    // index into the year's classes
};

// Number of grades of a stage in this simulation (special school 9).
int GradesOf(model::Stage stage);

struct SimSchool {
  model::School rec;
  int tw = 0;
  uint8_t stage_mask = 0;  // bit (1 << Stage)
  int max_primary_grade = 6;
  int rooms = 0;        // 普通教室
  double appeal = 1.0;  // preference weight
  bool planned_rooms = false;
  bool prestige = false;     // 名校 of the county seat
  double policy_offset = 0;  // school's deviation from the county's senior class-size policy
  int senior_policy = 50;
  // This year's placement.
  std::array<std::array<int32_t, 10>, 7> count{};
  std::array<std::array<int16_t, 10>, 7> classes{};
  int enrolled = 0;
  int n_classes = 0;
  double excess = 0;  // pupils above standard capacity last year (for investment)
  // Facilities.
  double teaching_area = 0, sports_area = 0, equipment = 0;
  int books = 0, computers = 0, multimedia = 0, music = 0, art = 0, labs = 0, beds = 0,
      terminals = 0;

  bool phased = false;    // opened during the simulation: grows one grade a year
  int planned_total = 0;  // classrooms when fully grown (phased schools)

  bool Serves(model::Stage s) const { return stage_mask & (1u << static_cast<int>(s)); }
  // Highest grade of a stage the school teaches in `year` (a new primary or junior school opens
  // with its first grade and adds one a year).
  int MaxGrade(model::Stage s, int year) const {
    int g = s == model::Stage::kPrimary ? max_primary_grade : GradesOf(s);
    if (phased && (s == model::Stage::kPrimary || s == model::Stage::kJunior)) {
      g = std::min(g, 1 + year - rec.opened_year);
    }
    return g;
  }
  bool OpenIn(int year) const {
    return rec.opened_year <= year && (rec.closed_year == 0 || year < rec.closed_year);
  }
};

struct SimClass {
  int64_t id = 0;
  int school = 0;
  uint8_t stage = 0;
  uint8_t grade = 0;
  uint8_t number = 0;  // (n)班
  int size = 0;
};

struct SimTeacher {
  std::string id;  // 身份证号-shaped 教职工号
  int64_t serial = 0;
  Date birth;
  uint8_t gender = 1;
  int16_t school = -1;  // -1 = left (retired)
  uint8_t stage = 2;
  uint32_t subjects = 0;
  uint8_t education = 21;
  uint8_t title = 0;
  uint8_t backbone = 0;
  bool master = false, dual = false, certified = true, on_staff = true, cadre = false,
       full_time = true, written = false;
  int16_t hired = 0;
  int16_t title_since = 0;
  int16_t backbone_since = 0;
  float training = 0;
};

struct CountyWorld::Impl {
  const ModelParams& p;
  CountySpec spec;
  std::vector<Township> tws;
  std::vector<int> seat_tws, central_tws;

  int year = 0;  // last stepped school year (0 = none)
  std::vector<Child> children;
  int64_t next_child_serial = 1;
  int64_t next_class_serial = 1;
  std::unordered_map<int64_t, int> id_seq;  // (birth days × 2 + sex) → last sequence used
  std::vector<SimSchool> schools;
  std::vector<SimClass> classes;  // this year's
  std::vector<SimTeacher> teachers;
  int64_t next_teacher_serial = 1;
  // Births by calendar year → [township][month] counts.
  std::unordered_map<int, std::vector<std::array<int32_t, 12>>> births;
  // Resident adults 18..64 by township.
  std::vector<std::array<double, 65>> adults;
  std::vector<double> resident17;  // residents aged 17 in the last stepped year, by township
  bool rooms_initialised = false;
  // This year's candidate schools (open, serving the stage), rebuilt by Place:
  // by stage → by township (the seat's townships share one list), and county-wide by stage.
  std::array<std::vector<std::vector<int>>, 7> area_schools;
  std::array<std::vector<int>, 7> county_schools;
  std::array<std::vector<int>, 7> seat_schools;
  std::vector<std::pair<int, double>> cands_buffer;

  Impl(const ModelParams& params, const CountySpec& s, std::vector<Township> t)
      : p(params), spec(s), tws(std::move(t)) {}

  Rng Stream(StreamId id, int y) const {
    return Rng::ForKeys(
        {spec.seed, static_cast<uint64_t>(spec.index), id, static_cast<uint64_t>(y)});
  }

  // world.cc
  void Initialise();
  void ApplyOutcomes(int y);
  void AddBirths(int y);
  Child NewChild(Rng& rng, int tw, const Date& birth);
  void Returns(int y);
  void Place(int y);
  int ChooseSchool(Rng& rng, const Child& c, model::Stage stage, int grade, int y,
                   bool prefer_public);
  void FormClasses(int y);
  void UpdateHealth(int y);
  void DecideOutcomes(int y);
  void UpdateAdults(int y);
  void Compact();

  // network.cc
  void BuildNetwork();
  void InitialiseRooms();
  void Invest(int y);
  void UpdateFacilities(int y);
  void CloseEmptySchools(int y);

  // teachers.cc
  void StaffSchools(int y);
  void DevelopTeachers(int y);

  // helpers
  bool Rural(int tw) const { return tws[static_cast<size_t>(tw)].zone >= Zone::kTown; }
  int SectionLimit(const SimSchool& s, model::Stage st, int y) const;
  double Appeal(const SimSchool& s, int y) const;
};

// Standard class size of a section (GB 50099: 小学 45, 中学 50; 幼儿园工作规程 25/30/35).
int StandardClassSize(model::Stage stage, int grade);
// Expected hukou births of the county in a calendar year.
double CountyBirths(const ModelParams& p, double scale, int year);

}  // namespace zj::sim
