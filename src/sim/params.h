// Parameters of the demo-county microsimulation, with the reasoning behind each value. They are
// the only place where the model is tuned: calibration to the county plan (2015 and 2020 columns)
// happens through these mechanism parameters, never by editing outputs. Figures marked
// [assumption] are modelling choices with no official source; figures marked [calibrated] were
// fitted so that the simulated 2015/2020 school years reproduce the plan (see the report in
// tests/sim/calibration_test.cc); everything else cites data/standards or the plan.
#pragma once

#include <array>

namespace zj::sim {

struct ModelParams {
  // ---- Births ------------------------------------------------------------------------------
  // Hukou births follow the national first-release series (data/standards/china_births.csv),
  // scaled so that the county's 2020 births are 1.21万 (yunyang.csv, 统计公报 2020). Years
  // before 2000 take the 2000 value and years after 2024 the 2024 value [assumption].
  double births_2020 = 12100;
  double male_share = 0.53;  // sex ratio at birth ≈ 113 [assumption, typical of 2000s rural China]
  // Month weights of births (Jan..Dec), mild autumn/winter peak [assumption].
  std::array<double, 12> month_weights = {1.02, 0.88, 0.93, 0.90, 0.92, 0.91,
                                          0.98, 1.02, 1.08, 1.12, 1.12, 1.12};

  // ---- Family migration out of and back into the county -----------------------------------
  // A hukou child either lives in the county (resident) or away with migrant parents. Hukou
  // births far exceed resident children (yunyang.csv note). Fitted by a cohort model to the 2020
  // enrolments (在园 2.9万 ÷ 90.9%, 小学 6.4万, 初中 3.8万, 高中阶段 3.0万 ÷ 98.1%) and to the
  // 巩固率 98.9% (grade-9 graduates 2020 ÷ grade-1 entrants 2012) [calibrated]:
  //   away at birth  = away_birth_base + away_birth_rise × clamp((birth_year − 2004)/10, 0, 1)
  //   out hazard/yr  = out_hazard_max × clamp((year − 2006)/10, 0, 1), residents aged ≤ 11
  //   return hazard  = return_age6 at 6 (primary entry), return_age12 / return_age13 for junior
  //                    (返乡就读初中: 中考 is taken where the hukou is), return_other at 1–11
  double away_birth_base = 0.146;
  double away_birth_rise = 0.176;
  double out_hazard_max = 0.0205;
  double out_hazard_junior = 0.002;  // juniors rarely leave before 中考
  double return_age6 = 0.123;
  double return_age12 = 0.235;
  double return_age13 = 0.065;
  double return_other = 0.0;
  // Fewer families send their children back for 初中 once the cities admit migrant children to
  // their own 中考 (随迁子女在流入地参加中考, widened from the late 2010s): the junior return
  // hazards (ages 12 and 13) fall by junior_return_decline between junior_return_decline_from and
  // junior_return_decline_to, linearly [assumption]. Without it the growing pool of children
  // living away (born 2004–2014, away_birth_rise) sends ever more returnees into 初中 and the
  // gross 巩固率 (graduates ÷ 一年级 eight years before) climbs past 100 % after 2020 (103.5 %
  // in 2025) — impossible in a county of net out-migration. The values keep it at 98.5–100 %
  // every year (tests/sim/calibration_test.cc) [calibrated].
  double junior_return_decline = 0.35;
  int junior_return_decline_from = 2019;
  int junior_return_decline_to = 2023;
  // After 初中 graduation a share leaves the county (out-of-county 中职, work) [calibrated to
  // the 15–17 resident population implied by 高中阶段毛入学率 98.1%].
  double leave_after_junior = 0.25;

  // ---- Urbanisation inside the county ------------------------------------------------------
  // Rural resident families with children move to the county seat or the central towns
  // (江口、南溪、凤鸣: plan, "人口向城区和…中心镇（街）流动，随迁子女剧增"). Annual hazard for
  // children in rural townships, rising linearly between the years given [assumption].
  double urbanise_2000 = 0.030;
  double urbanise_2015 = 0.065;
  double urbanise_2025 = 0.025;
  double urbanise_to_seat = 0.70;  // the rest go to a central town

  // ---- Kindergarten -------------------------------------------------------------------------
  // Entry probabilities of resident children not yet enrolled, by age at 31 Aug (3 → 小班,
  // 4 → 中班, 5 → 大班). They rise from kg_entry_2000 to kg_entry_2015 (学前教育三年行动计划)
  // and then stay [calibrated: 学前三年毛入园率 90.9% in 2020].
  std::array<double, 3> kg_entry_2000 = {0.30, 0.35, 0.50};
  std::array<double, 3> kg_entry_2015 = {0.815, 0.66, 0.66};
  // Share of entrants who apply to the public kindergarten first (the others choose a private one,
  // often nearer or with a bus service); in the county seat public places are scarce, so the
  // preference there mostly meets full public kindergartens [calibrated: 公办园在园幼儿占比 55.6%].
  double kg_prefer_public_seat = 0.85;
  double kg_prefer_public_rural = 0.565;
  // Public kindergartens opened in a rural township are built for this share of its preschool
  // children (a full public kindergarten sends the rest to private ones) [calibrated: 公办园在园
  // 幼儿占比 55.6% in 2020].
  double kg_public_room_share = 0.75;
  int kg_invest_rooms_2016_2020 = 12;  // public kindergarten expansions (改善幼儿园办园条件)
  double kg_public_fill = 30.0;        // children per room a full public kindergarten admits
  double kg_private_fill = 28.0;

  // ---- School progression --------------------------------------------------------------------
  double death_rate_infant = 0.005;  // annual, age 0 [assumption]
  double death_rate_child = 0.0003;  // ages 1–17 [assumption]
  double dropout_primary = 0.0002;
  double dropout_junior_2010 = 0.004;  // 控辍保学 reduces junior dropout over time [assumption]
  double dropout_junior_2020 = 0.0015;
  double dropout_senior = 0.006;
  double dropout_vocational = 0.02;
  double suspend_rate = 0.0008;  // 休学 per year; the student repeats the grade afterwards
  // Of junior graduates who stay in the county: 普高 / 中职 / no further schooling
  // [calibrated to 普高 2.4万, 中职 0.6万, 毛入学率 98.1%].
  double senior_general_share = 0.795;
  double senior_vocational_share = 0.198;
  // Dropouts aged 15+ mostly leave to work outside the county [assumption].
  double dropout_leave = 0.85;
  // Children with a disability: share of births; of them the share placed in the special
  // school (the rest 随班就读) [assumption].
  double disability_rate = 0.008;
  double special_school_share = 0.30;

  // ---- Schools ------------------------------------------------------------------------------
  // Standard class sizes (GB 50099-2011; 幼儿园工作规程): 小学 45, 初中/高中 50; 幼儿园 25/30/35.
  // Classes are formed per school × grade by packing the enrolment into the classrooms the school
  // has: the real mechanism of 大班额 is a school with too few classrooms.
  // Classes of one grade differ in size by up to ± this share (fixed pattern per school and
  // grade) [assumption].
  double class_size_spread = 0.06;
  // Classroom investment budget (classrooms per year county-wide, to the most crowded schools):
  // small before 2016, the 十三五 programme 2016–2020 (plan: 新增中小学学位20000个 ≈ 440
  // classrooms including the new schools), moderate afterwards [calibrated: 大班额 478 → 31].
  int invest_rooms_before_2016 = 4;
  int invest_rooms_2016_2020 = 28;
  int invest_rooms_after_2020 = 20;
  // Class-size policy of senior high schools: they form classes of this size (rooms permitting)
  // — 高中 大班额 was the norm before the 2016 standardisation push and falls towards the
  // standard 50 afterwards; each school deviates by up to ±3 [calibrated: 标准班额 56.1% → 86.3%].
  double senior_policy_2015 = 60;
  double senior_policy_2020 = 52.5;
  double senior_policy_2025 = 50;
  // From admission_cap_start on, schools stop admitting entrants and transfers into a grade once
  // its classes would exceed the cap (消除大班额专项规划: 超大班额 first, then 大班额); the
  // cap tightens over time: 66 from 2016, 60 from 2018, 55 from 2021, then the standard plus a
  // small margin (48 primary / 52 secondary) from 2023 [calibrated: 大班额 31 in 2020].
  int admission_cap_start = 2016;
  int admission_cap_60_from = 2018;
  int admission_cap_55_from = 2021;
  int admission_cap_std_from = 2023;
  // Rural village schools: share of a rural township's primary entrants who go to the central
  // school rises over time (家长择校向集镇集中) [assumption].
  double rural_central_share_2000 = 0.45;
  double rural_central_share_2020 = 0.70;
  double rural_to_seat_junior = 0.20;
  // 名校: two old primaries and the first junior school of the county seat draw more applicants
  // over time (择校), their weight growing by this factor between 2005 and 2015 — they stay
  // crowded longest (plan: "县城老旧城区大班额、大校额消化任务艰巨") [calibrated: 大班额 in 2020].
  double prestige_gain = 0.30;
  // Classrooms of the county seat's schools in the first simulated year, relative to what their
  // enrolment then needed: uniform in [min, min + spread] per school [calibrated: 大班额 478].
  double seat_headroom_min = 0.725;
  double seat_headroom_spread = 0.35;
  double central_headroom = 0.982;  // central towns' schools (rural ones: 1.25)
  // A newly opened school starts with this share of a mature school's pull and matures over
  // new_school_maturing years (families prefer established schools) [calibrated: 大班额 2020].
  double new_school_appeal = 0.5;
  int new_school_maturing = 5;  // rural juniors who board in the county seat [assumption]

  // ---- Teachers -------------------------------------------------------------------------------
  // Staffing: 专任教师 needed per school = max(enrolment ÷ ratio, classes × per_class).
  double ratio_kg = 14.0, per_class_kg = 1.9;
  double ratio_primary = 21.0, per_class_primary = 1.25;
  double ratio_junior = 13.5, per_class_junior = 2.7;
  double ratio_senior = 12.5, per_class_senior = 3.0;
  double ratio_vocational = 18.0, per_class_vocational = 2.2;
  double ratio_special = 4.0, per_class_special = 2.5;
  double support_staff_share = 0.08;  // 非专任 staff per 专任 teacher
  int retirement_age = 60;
  // 骨干教师 (县级及以上) designated each year by the county programme (培养市县级骨干教师),
  // chosen among 一级 and higher teachers with ≥ 5 years of service [calibrated: 1986 in 2020].
  int backbone_quota_before_2016 = 120;
  int backbone_quota_2016_2020 = 240;
  int backbone_quota_after_2020 = 170;
  double backbone_city_share = 0.12;  // of designations at city (市级) level
  double backbone_national_share = 0.004;
  double backbone_lapse = 0.02;  // annual loss (not re-certified)

  // ---- Health --------------------------------------------------------------------------------
  double exam_rate = 0.982;
  double fitness_tested = 0.97;
  double fitness_mean = 77.6, fitness_sd = 12.3;  // 学年总分 [calibrated: 合格 ≈93%, 优良 ≈45%]
  double fitness_trend_per_year = 0.25;           // improvement per school year after 2015
  // Myopia onset hazard per school year by stage [assumption; overall ≈ 50%, rising by grade].
  double myopia_onset_primary = 0.085, myopia_onset_junior = 0.17, myopia_onset_senior = 0.14;
};

const ModelParams& DefaultParams();

}  // namespace zj::sim
