// Names, parsing and small rules attached to the domain records.
#include "zj/model/records.h"

#include <array>

namespace zj::model {

std::string_view AdminLevelName(AdminLevel level) {
  switch (level) {
    case AdminLevel::kProvince:
      return "province";
    case AdminLevel::kCity:
      return "city";
    case AdminLevel::kCounty:
      return "county";
    case AdminLevel::kTownship:
      return "township";
    case AdminLevel::kVillage:
      return "village";
  }
  return "";
}

std::string_view StageName(Stage s) {
  switch (s) {
    case Stage::kKindergarten:
      return "kindergarten";
    case Stage::kPrimary:
      return "primary";
    case Stage::kJunior:
      return "junior";
    case Stage::kGeneralSenior:
      return "general_senior";
    case Stage::kVocational:
      return "vocational";
    case Stage::kSpecial:
      return "special";
  }
  return "";
}

std::string_view StageNameZh(Stage s) {
  switch (s) {
    case Stage::kKindergarten:
      return "学前";
    case Stage::kPrimary:
      return "小学";
    case Stage::kJunior:
      return "初中";
    case Stage::kGeneralSenior:
      return "普通高中";
    case Stage::kVocational:
      return "中职";
    case Stage::kSpecial:
      return "特教";
  }
  return "";
}

std::optional<Stage> ParseStage(std::string_view name) {
  for (Stage s : {Stage::kKindergarten, Stage::kPrimary, Stage::kJunior, Stage::kGeneralSenior,
                  Stage::kVocational, Stage::kSpecial}) {
    if (name == StageName(s) || name == StageNameZh(s)) return s;
  }
  return std::nullopt;
}

int DefaultGradeCount(Stage s) {
  switch (s) {
    case Stage::kKindergarten:
      return 3;
    case Stage::kPrimary:
      return 6;
    case Stage::kJunior:
      return 3;
    case Stage::kGeneralSenior:
      return 3;
    case Stage::kVocational:
      return 3;
    case Stage::kSpecial:
      return 9;
  }
  return 0;
}

std::vector<Stage> StagesOfSchoolType(int t) {
  switch (t) {
    case 111:
    case 119:
      return {Stage::kKindergarten};
    case 211:
    case 218:
    case 219:
      return {Stage::kPrimary};
    case 311:
    case 319:
    case 321:
      return {Stage::kJunior};
    case 312:
      return {Stage::kPrimary, Stage::kJunior};
    case 341:
      return {Stage::kJunior, Stage::kGeneralSenior};
    case 342:
    case 349:
      return {Stage::kGeneralSenior};
    case 345:
      return {Stage::kPrimary, Stage::kJunior, Stage::kGeneralSenior};
    case 361:
    case 362:
    case 363:
    case 364:
    case 365:
    case 366:
    case 368:
    case 369:
      return {Stage::kVocational};
    case 511:
    case 512:
    case 513:
    case 514:
    case 519:
      return {Stage::kSpecial};
    default:
      return {};
  }
}

std::string_view EnrolmentStatusName(EnrolmentStatus s) {
  switch (s) {
    case EnrolmentStatus::kEnrolled:
      return "enrolled";
    case EnrolmentStatus::kTransferredIn:
      return "transferred_in";
    case EnrolmentStatus::kTransferredOut:
      return "transferred_out";
    case EnrolmentStatus::kSuspended:
      return "suspended";
    case EnrolmentStatus::kDropout:
      return "dropout";
    case EnrolmentStatus::kGraduated:
      return "graduated";
    case EnrolmentStatus::kDeceased:
      return "deceased";
  }
  return "";
}

std::string_view EnrolmentStatusNameZh(EnrolmentStatus s) {
  switch (s) {
    case EnrolmentStatus::kEnrolled:
      return "在读";
    case EnrolmentStatus::kTransferredIn:
      return "转入";
    case EnrolmentStatus::kTransferredOut:
      return "转出";
    case EnrolmentStatus::kSuspended:
      return "休学";
    case EnrolmentStatus::kDropout:
      return "辍学";
    case EnrolmentStatus::kGraduated:
      return "毕业";
    case EnrolmentStatus::kDeceased:
      return "死亡";
  }
  return "";
}

std::optional<EnrolmentStatus> ParseEnrolmentStatus(std::string_view name) {
  for (int i = 1; i <= 7; ++i) {
    auto s = static_cast<EnrolmentStatus>(i);
    if (name == EnrolmentStatusName(s) || name == EnrolmentStatusNameZh(s)) return s;
  }
  return std::nullopt;
}

bool CountsAsEnrolled(EnrolmentStatus s) { return s != EnrolmentStatus::kSuspended; }

std::string_view TeacherTitleNameZh(TeacherTitle t) {
  switch (t) {
    case TeacherTitle::kNone:
      return "未定职级";
    case TeacherTitle::kThird:
      return "三级教师";
    case TeacherTitle::kSecond:
      return "二级教师";
    case TeacherTitle::kFirst:
      return "一级教师";
    case TeacherTitle::kSenior:
      return "高级教师";
    case TeacherTitle::kFullSenior:
      return "正高级教师";
  }
  return "";
}

std::string_view BackboneLevelNameZh(BackboneLevel b) {
  switch (b) {
    case BackboneLevel::kNone:
      return "";
    case BackboneLevel::kSchool:
      return "校级骨干";
    case BackboneLevel::kCounty:
      return "县级骨干";
    case BackboneLevel::kCity:
      return "市级骨干";
    case BackboneLevel::kNational:
      return "国家级骨干";
  }
  return "";
}

namespace {
struct SubjectName {
  uint32_t bit;
  std::string_view name;
};
constexpr std::array<SubjectName, 12> kSubjects = {{
    {kSubjectChinese, "语文"},
    {kSubjectMath, "数学"},
    {kSubjectEnglish, "英语"},
    {kSubjectScience, "科学"},
    {kSubjectSocial, "社会"},
    {kSubjectPE, "体育"},
    {kSubjectMusic, "音乐"},
    {kSubjectArt, "美术"},
    {kSubjectIT, "信息技术"},
    {kSubjectVocational, "专业课"},
    {kSubjectPreschool, "学前"},
    {kSubjectOther, "其他"},
}};
}  // namespace

std::string SubjectsToString(uint32_t bits) {
  std::string out;
  for (const auto& s : kSubjects) {
    if (bits & s.bit) {
      if (!out.empty()) out += '|';
      out += s.name;
    }
  }
  return out;
}

uint32_t ParseSubjects(std::string_view text) {
  uint32_t bits = 0;
  while (!text.empty()) {
    size_t p = text.find('|');
    std::string_view part = text.substr(0, p);
    bool found = false;
    for (const auto& s : kSubjects) {
      if (part == s.name) {
        bits |= s.bit;
        found = true;
      }
    }
    if (!found && !part.empty()) bits |= kSubjectOther;
    if (p == std::string_view::npos) break;
    text.remove_prefix(p + 1);
  }
  return bits;
}

}  // namespace zj::model
