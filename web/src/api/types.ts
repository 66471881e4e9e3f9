// Wire types of the /api/v1 JSON API (see docs/api.md and src/server/). Field names are the
// server's (snake_case); nothing here is computed on the client.

export type Role = 'admin' | 'county_staff' | 'leader' | 'school' | 'auditor'

export type Permission =
  | 'read_directory'
  | 'read_aggregates'
  | 'read_people'
  | 'write_data'
  | 'manage_users'
  | 'read_audit'
  | 'view_personal'

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  role_name?: string
  /** Scope: an administrative unit code, or for a school account its 10-digit 学校标识码. */
  unit_code: string
  view_personal?: boolean
  disabled?: boolean
  created_at?: number
  password_changed_at?: number
}

export interface LoginResponse {
  user: User
  permissions: Permission[]
  csrf_token: string
  expires_at?: number
}

export interface MeResponse {
  user: User
  permissions: Permission[]
  unit: { code: string; name: string; kind: string } | null
  csrf_token?: string
  expires_at?: number
}

export interface DemoAccount {
  username: string
  password: string
  role: Role
  role_name?: string
}

export interface PublicInfo {
  application?: string
  synthetic: boolean
  county_code: string
  county_name: string
  schema_version?: number
  years: number[]
  tls?: boolean
  demo_accounts?: DemoAccount[]
}

export interface AdminUnitNode {
  code: string
  name: string
  /** 省, 市, 县, 乡镇 */
  kind: string
  school_count: number
  children: AdminUnitNode[]
}

export interface AdminUnitTree {
  /** The account's scope unit with its subtree. */
  root: AdminUnitNode
  /** Units above the scope, outermost first. */
  ancestors: { code: string; name: string; kind: string }[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface SchoolSummary {
  code: string
  name: string
  type_code: number
  type_name: string
  public: boolean
  inclusive?: boolean
  rating?: number
  township_code: string
  township_name: string
  urban_rural: number
  urban_rural_name: string
  boarding?: boolean
  opened_year?: number
  closed_year?: number
}

export interface SchoolClass {
  id: number
  name: string
  stage: string
  grade: number
  size: number
}

export interface GradeCount {
  stage: string
  stage_name: string
  grade: number
  students: number
  male: number
  female: number
}

export interface TeacherStructure {
  total: number
  full_time: number
  female: number
  backbone: number
  on_staff: number
  certified: number
  by_title: Record<string, number>
  by_education: Record<string, number>
  by_age: Record<string, number>
}

export interface SchoolDetail extends SchoolSummary {
  year: number
  students: number
  grade_counts: GradeCount[]
  classes: SchoolClass[]
  teachers: TeacherStructure
  facilities: Record<string, number> | null
}

export interface StudentRow {
  id: number
  name: string
  id_number: string
  gender: 'male' | 'female' | 'unknown'
  birth_date: string
  stage: string
  grade: number
  class_id: number
  class_name: string
  status: string
  status_name: string
  masked: boolean
}

export interface TeacherRow {
  id: string
  name: string
  gender: 'male' | 'female' | 'unknown'
  birth_year: number
  full_time: boolean
  stage: string
  subjects: string
  education: number
  education_name: string
  title: number
  title_name: string
  backbone: string
  certified: boolean
  on_staff: boolean
  masked: boolean
}

export type Mark = 'verified' | 'secondary' | 'unverified'

export interface IndicatorDef {
  code: string
  name_zh: string
  name_en: string
  unit: string
  /** 学前教育, 义务教育 … */
  category?: string
  expression: string
  description: string
  source: string
  mark: Mark
}

export interface IndicatorValue {
  code: string
  unit_code: string
  year: number
  value: number | null
  numerator: number | null
  denominator: number | null
  /** Chinese; why there is no value ("" when there is one). */
  reason: string
  name_zh: string
  unit: string
  mark: Mark
}

export interface IndicatorTableCell {
  code: string
  unit_code: string
  year: number
  value: number | null
  numerator?: number | null
  denominator?: number | null
  reason?: string | null
}

export interface IndicatorTable {
  codes: string[]
  units: { code: string; name: string }[]
  years: number[]
  /** Flattened from the wire's per-code [unit][year] matrices. */
  cells: IndicatorTableCell[]
}

export interface ExplainInput {
  /** e.g. count(students, stage = primary, grade = 1) */
  text: string
  kind: string
  year: number
  value: number | null
  reason?: string
}

export interface SchoolContribution {
  school_code: string
  school_name: string
  numerator: number | null
  denominator: number | null
  value: number | null
}

export interface IndicatorExplain {
  code: string
  unit_code: string
  year: number
  value: number | null
  numerator?: number | null
  denominator?: number | null
  reason?: string
  name_zh: string
  unit: string
  mark: Mark
  expression: string
  numerator_text?: string
  denominator_text?: string
  inputs: ExplainInput[]
  school_count?: number
  top_schools?: SchoolContribution[]
}

/** Target comparators of the plan engine (src/engine/include/zj/engine/plan.h). */
export type Comparator =
  | '>='
  | '>'
  | '<='
  | '<'
  | '='
  | 'approx'
  | 'eliminate'
  | 'full_coverage'
  | 'annual_decrease'
  | 'annual_increase'
  | 'pass'

export type TargetStatus = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'no_data'

export interface PlanPoint {
  year: number
  value: number
}

export interface PlanTarget {
  id: string
  /** Verbatim from the plan text (for 主要指标 rows: the indicator cell). */
  quote: string
  table_cells?: string[]
  see_also?: string[]
  indicator?: string | null
  metric?: string | null
  derived?: { numerator: string; denominator: string; scale: number } | null
  /** Unit of baseline/target values. */
  unit: string
  /** The plan's own unit when different (万人): value / display_scale is the plan's figure. */
  display_unit?: string
  display_scale?: number
  baseline?: PlanPoint | null
  history?: PlanPoint[]
  target: PlanPoint
  comparator: Comparator | string
  tolerance?: number
  /** 预期性 / 约束性 / "" */
  attribute: string
  /** PlanSection id. */
  section: string
  section_title?: string
  responsible?: string
  /** main_table, text, column. */
  origin?: string
  same_as?: string
  conflicts_with?: string[]
  note?: string
  unverified?: string
}

export interface PlanSectionInfo {
  id: string
  parent: string
  kind: string
  number: string
  title: string
}

export interface StatusCounts {
  achieved: number
  on_track: number
  at_risk: number
  off_track: number
  no_data: number
}

export interface TargetStatusRow {
  id: string
  indicator?: string | null
  year: number
  value: number | null
  target: number | null
  required?: number | null
  status: TargetStatus
  forecast?: number | null
  /** The trend line ran past what the figure can be (a share past 100 %, a count below 0). */
  forecast_clamped?: boolean
  forecast_unclamped?: number | null
  reason?: string
  /** 数据质量警告: the value is impossible (e.g. a retention rate above 100 %); never achieved. */
  warning?: string | null
}

/** Where the monitored year lies: before the plan period, inside it, after it (规划期已结束). */
export type PlanPhase = 'baseline' | 'period' | 'ended'

export interface PlanStatus {
  year: number
  /** period when absent */
  phase?: PlanPhase
  first_year?: number | null
  last_year?: number | null
  targets: TargetStatusRow[]
  summary: {
    overall: StatusCounts
    sections?: { section_id: string; title: string; counts: StatusCounts }[]
    responsible?: { name: string; counts: StatusCounts }[]
  }
}

export interface AuditEntry {
  seq: number
  /** Unix seconds. */
  time: number
  user_id: number
  actor: string
  address: string
  action: string
  target: string
  before: unknown
  after: unknown
  prev_hash?: string
  hash?: string
}
