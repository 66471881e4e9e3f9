// Domain records of a county's education registries, keyed by school year (学年, autumn year; see
// zj/common/date.h). These are plain value types shared by storage, engine, io, sim and server;
// wire formats (JSON DTOs, spreadsheet rows) live in those modules, not here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zj/common/date.h"

namespace zj::model {

// ---- Administrative hierarchy -------------------------------------------------------------

enum class AdminLevel { kProvince = 1, kCity = 2, kCounty = 3, kTownship = 4, kVillage = 5 };
std::string_view AdminLevelName(AdminLevel level);  // "province", "city", ...

struct AdminUnit {
  std::string code;  // 统计用区划代码: 2 (province), 4 (city), 6 (county), 9 (township), 12
  std::string name;  // 云阳县, 双江街道 …
  AdminLevel level = AdminLevel::kCounty;
  std::string parent_code;  // "" for the root
  int urban_rural = 0;      // 城乡分类代码 111…220 where known (townships), else 0
};

// ---- Stages and grades --------------------------------------------------------------------

// 学段. A grade is (stage, level) with level 1-based inside the stage, so a 5-4 structure is just
// primary 1..5 and junior 1..4; nothing below hard-codes 6-3.
enum class Stage {
  kKindergarten = 1,   // 幼儿园: 1 小班, 2 中班, 3 大班
  kPrimary = 2,        // 小学
  kJunior = 3,         // 初中
  kGeneralSenior = 4,  // 普通高中
  kVocational = 5,     // 中等职业教育
  kSpecial = 6,        // 特殊教育学校 (own grades)
};
std::string_view StageName(Stage s);    // "kindergarten", "primary", ...
std::string_view StageNameZh(Stage s);  // 学前, 小学, 初中, 普通高中, 中职, 特教
std::optional<Stage> ParseStage(std::string_view name);  // accepts the English names
// Default number of grades of a stage in a 6-3-3 region (kindergarten 3, primary 6, junior 3, …).
int DefaultGradeCount(Stage s);

// ---- Schools and facilities ---------------------------------------------------------------

enum class KindergartenRating {
  kNone = 0,
  kFirst = 1,
  kSecond = 2,
  kThird = 3
};  // 一级/二级/三级园

struct School {
  std::string code;  // 10-digit 学校标识码
  std::string name;
  int type_code = 0;  // 办学类型 (JY/T 1001), e.g. 111 幼儿园, 211 小学, 312 九年一贯制
  bool is_public = true;   // 公办 (vs 民办)
  bool inclusive = false;  // 普惠性 (kindergartens; public ones count as inclusive too)
  KindergartenRating rating = KindergartenRating::kNone;
  std::string township_code;  // 9-digit
  int urban_rural = 0;        // 城乡分类代码 of the school's site
  bool boarding = false;      // 寄宿制
  int opened_year = 0;        // first school year in operation (0 = unknown / long-standing)
  int closed_year = 0;        // first school year no longer operating (0 = open)
};
// Stages a school of this 办学类型 serves (e.g. 312 → primary and junior).
std::vector<Stage> StagesOfSchoolType(int type_code);

// Yearly facilities of a school (教育事业统计 校舍/资产 tables).
struct Facility {
  std::string school_code;
  int year = 0;
  double teaching_area_m2 = 0;      // 教学及辅助用房面积
  double sports_area_m2 = 0;        // 体育运动场馆面积 (体育馆 + 运动场地)
  double equipment_value_yuan = 0;  // 教学仪器设备资产值
  int multimedia_rooms = 0;         // 网络多媒体教室数
  int computers = 0;                // 计算机台数 (教学用)
  int books = 0;                    // 图书册数
  int music_rooms = 0;              // 音乐专用教室
  int art_rooms = 0;                // 美术专用教室
  int labs = 0;                     // 实验室 (含探究实验室)
  int classrooms = 0;               // 普通教室
  int beds = 0;                     // 学生床位
  int interactive_terminals = 0;    // 互动式教学终端
};

// ---- Classes ------------------------------------------------------------------------------

struct Class {
  int64_t id = 0;  // surrogate key, unique across years
  std::string school_code;
  int year = 0;
  Stage stage = Stage::kPrimary;
  int grade = 1;     // level inside the stage
  std::string name;  // "三年级（2）班"
};

// ---- Students -----------------------------------------------------------------------------

enum class Gender { kUnknown = 0, kMale = 1, kFemale = 2 };  // GB/T 2261.1 codes

struct Student {
  int64_t id = 0;         // surrogate key
  std::string id_number;  // 身份证号 (18, GB 11643 check digit); personal data
  std::string name;       // personal data
  Gender gender = Gender::kUnknown;
  int ethnicity = 1;  // 民族 code (01 汉族)
  Date birth_date;
  std::string hukou_township;  // 户口所在地 (9-digit; "" when outside the county)
  bool migrant = false;        // 进城务工人员随迁子女
  bool left_behind = false;    // 留守儿童
  int disability = 0;          // 残疾类型 0 无, 1 视力 … 8 其他
  bool financial_aid = false;  // 享受资助
};

// The 学籍 status of a student's row for one school year. The row records where the student was
// at 9月1日 (school, class, grade) and how that year ended:
//   在读 kEnrolled       continues next year
//   转入 kTransferredIn  entered this school by transfer this year (from prev_school or outside the
//                        county when prev_school is ""), continues
//   转出 kTransferredOut left for a school outside the county during/after this year
//   休学 kSuspended      suspended (not counted as 在校生)
//   辍学 kDropout        dropped out
//   毕业 kGraduated      completed the last grade of the stage at the end of this year
//   死亡 kDeceased
enum class EnrolmentStatus {
  kEnrolled = 1,
  kTransferredIn = 2,
  kTransferredOut = 3,
  kSuspended = 4,
  kDropout = 5,
  kGraduated = 6,
  kDeceased = 7,
};
std::string_view EnrolmentStatusName(EnrolmentStatus s);                     // "enrolled", ...
std::string_view EnrolmentStatusNameZh(EnrolmentStatus s);                   // 在读, ...
std::optional<EnrolmentStatus> ParseEnrolmentStatus(std::string_view name);  // English or Chinese
// Whether the row counts as 在校生 at the statistical date (everything except 休学).
bool CountsAsEnrolled(EnrolmentStatus s);

struct Enrolment {
  int64_t student_id = 0;
  int year = 0;
  std::string school_code;
  int64_t class_id = 0;  // 0 when unknown
  Stage stage = Stage::kPrimary;
  int grade = 1;
  EnrolmentStatus status = EnrolmentStatus::kEnrolled;
  std::string prev_school_code;  // for transfers within the county (转学 history); else ""
};

// Yearly health rows (体检, 视力筛查, 国家学生体质健康标准 学年总分).
struct HealthRecord {
  int64_t student_id = 0;
  int year = 0;
  bool exam_done = false;               // 健康体检
  std::optional<bool> myopia;           // 视力筛查 result; nullopt when not screened
  std::optional<double> fitness_score;  // 学年总分 (0..120 with 附加分); nullopt when not tested
};

// ---- Teachers -----------------------------------------------------------------------------

enum class TeacherTitle {  // 专业技术职务 (2015+ 中小学 series)
  kNone = 0,
  kThird = 1,       // 三级教师
  kSecond = 2,      // 二级教师
  kFirst = 3,       // 一级教师 (中级)
  kSenior = 4,      // 高级教师
  kFullSenior = 5,  // 正高级教师
};
std::string_view TeacherTitleNameZh(TeacherTitle t);

enum class BackboneLevel { kNone = 0, kSchool = 1, kCounty = 2, kCity = 3, kNational = 4 };  // 骨干
std::string_view BackboneLevelNameZh(BackboneLevel b);

// Subjects as bits, so a teacher can teach several. Only those the indicators need are distinct.
enum SubjectBits : uint32_t {
  kSubjectChinese = 1u << 0,
  kSubjectMath = 1u << 1,
  kSubjectEnglish = 1u << 2,
  kSubjectScience = 1u << 3,     // 科学/物理/化学/生物
  kSubjectSocial = 1u << 4,      // 道德与法治/历史/地理/政治
  kSubjectPE = 1u << 5,          // 体育
  kSubjectMusic = 1u << 6,       // 音乐
  kSubjectArt = 1u << 7,         // 美术
  kSubjectIT = 1u << 8,          // 信息技术
  kSubjectVocational = 1u << 9,  // 专业课 (中职)
  kSubjectPreschool = 1u << 10,  // 幼儿园保教
  kSubjectOther = 1u << 11,
};
std::string SubjectsToString(uint32_t bits);    // "语文|数学"
uint32_t ParseSubjects(std::string_view text);  // inverse; unknown names → kSubjectOther

struct Teacher {
  std::string id;    // 教职工号 / 身份证号 (stable id across years); personal data
  std::string name;  // personal data
  Gender gender = Gender::kUnknown;
  Date birth_date;
};

struct TeacherYear {
  std::string teacher_id;
  int year = 0;
  std::string school_code;
  bool full_time = true;          // 专任教师
  Stage stage = Stage::kPrimary;  // 任课学段
  uint32_t subjects = 0;          // SubjectBits
  int education = 0;  // 最高学历 GB/T 4658 code (11 博士 … 21 本科 … 31 专科 … 41 中专)
  TeacherTitle title = TeacherTitle::kNone;
  BackboneLevel backbone = BackboneLevel::kNone;
  bool master_teacher = false;  // 名师 (市县级及以上)
  bool dual_qualified = false;  // 双师型 (中职专业课教师)
  bool certified = false;       // 持有教师资格证
  bool on_staff = true;         // 在编
  bool cadre = false;           // 干部 (学校领导岗位)
  double training_hours = 0;    // 本学年培训学时
};

// ---- Population and births ----------------------------------------------------------------

struct PopulationCount {
  std::string township_code;
  int year = 0;  // school year (population at 31 Aug / statistical date)
  int age = 0;   // single year of age 0..64
  int64_t count = 0;
};

struct BirthCount {
  std::string township_code;
  int year = 0;   // calendar year of birth
  int month = 0;  // 1..12, or 0 for a whole-year figure
  int64_t count = 0;
};

// ---- Manual data values -------------------------------------------------------------------

// County figures no registry yields (财政性教育经费占比, 人均受教育年限, plan progress metrics …).
struct DataValue {
  std::string code;       // metric code, e.g. "fiscal_education_share"
  std::string unit_code;  // administrative unit the value belongs to
  int year = 0;
  double value = 0;
  std::string unit;    // "%", "年", "所" …
  std::string source;  // where the figure comes from (文件, 统计公报 …)
  std::string note;
};

// ---- Work ledger (工作台账) ------------------------------------------------------------------

// A task of the plan's 项目化推进 (one measure, 专栏 project or target), with a responsible unit.
// Its state (未开始/进行中/已完成/滞后) is not stored: zj/engine/ledger.h derives it from the
// milestones and progress records as of a date.
struct Task {
  std::string id;               // stable id, e.g. "col5.inquiry_labs" or "p3.2.1"
  std::string plan_id;          // "yunyang-2021-2025"
  std::string section_id;       // plan section the task belongs to ("p3.4.2", "col5" …)
  std::string title;            // Chinese
  std::string unit_code;        // responsible unit: county / township code or school code
  std::string department;       // 科室 / area inside the unit (the plan's responsible area)
  std::string lead;             // lead person (name or post); personal data when a name
  std::string target_ids;       // linked plan targets, '|' separated
  std::string indicators;       // linked indicator / metric codes, '|' separated
  double planned_quantity = 0;  // 专栏 quantity (60 间, 3000 套); 0 when not quantified
  std::string quantity_unit;
  Date start_date;
  Date due_date;
  bool cancelled = false;
  std::string note;
};

struct Milestone {
  std::string task_id;
  int seq = 0;  // 1-based within the task
  std::string title;
  Date due_date;
  Date done_date;               // empty (invalid) while open
  double planned_quantity = 0;  // cumulative quantity due by this milestone (0 = not quantified)
};

// One progress report on a task (append-only history).
struct TaskProgress {
  std::string task_id;
  int seq = 0;  // 1-based within the task, in reporting order
  Date report_date;
  double percent = 0;   // 0..100, cumulative
  double quantity = 0;  // cumulative quantity done (专栏 tasks); 0 when not quantified
  std::string text;     // what was done
  std::string reported_by;
};

// A file attached to a progress report; the bytes live in the evidence folder next to the DB.
struct Evidence {
  std::string id;  // sha256 hex of the content + task + seq (stable, unique)
  std::string task_id;
  int progress_seq = 0;
  std::string file_name;   // sanitised original name
  std::string media_type;  // detected from magic bytes: application/pdf, image/png, image/jpeg …
  int64_t size = 0;
  std::string sha256;
  std::string uploaded_by;
  int64_t uploaded_at = 0;  // unix seconds
};

// ---- Plans (规划) as data ---------------------------------------------------------------------

// One stored version of a plan file (the JSON form of data/plans/, docs/plan.md). The columns
// besides `json` are read from it when it is stored, so a listing needs no parse.
struct StoredPlan {
  std::string id;      // the plan's "id", e.g. "yunyang-2021-2025"
  int version = 0;     // 1, 2, … per id; the highest is the current one
  std::string status;  // "adopted" (已印发) or "draft" (草案)
  std::string title;
  std::string unit_code;
  int first_year = 0;
  int last_year = 0;
  int baseline_year = 0;
  int target_count = 0;     // commitments: targets without same_as
  std::string json;         // the plan file as imported
  int64_t imported_at = 0;  // unix seconds
  std::string imported_by;
};

// ---- Database metadata --------------------------------------------------------------------

struct DatabaseInfo {
  int schema_version = 0;
  bool synthetic = false;   // demo data: shown on every face
  std::string county_code;  // root county of this database ("" for a city/province database)
  std::string created_by;   // "zhijiao demo --seed 1 …" for synthetic databases
};

}  // namespace zj::model
