// 督导评估: evaluations, what-if scenarios, the 优质均衡 remediation plan and the xlsx export.
// Wire shapes: src/engine/evaluation_json.cc (documented in docs/evaluation.md).
import { buildUrl, http } from './http'

export type FrameworkId = 'yz2017' | 'jb2012' | 'xq2020' | 'class-size'
export const FRAMEWORKS: FrameworkId[] = ['yz2017', 'jb2012', 'xq2020', 'class-size']

export interface EvalRule {
  value: number
  mark: string
  mark_name: string
  configured: boolean
  source: string
}

export interface EvalIndicator {
  key: string
  name_zh: string
  unit: string
  comparator: string
  standard: EvalRule | null
  note: string
}

export interface EvalSchool {
  code: string
  name: string
  type_code: number
  enrolment: number
  share: number
  values: Record<string, number | null>
  met: Record<string, boolean>
  ratio: Record<string, number>
  shortfall: Record<string, number>
  met_count: number
  pass: boolean
  why: string[]
}

export interface EvalStage {
  stage: string
  stage_name: string
  indicators: EvalIndicator[]
  cv: Record<string, number | null>
  cv_met: Record<string, boolean>
  cv_limit: number | null
  cv_limit_rule: EvalRule | null
  composite_cv?: number | null
  composite_cv_limit?: number
  composite_cv_limit_rule?: EvalRule
  county_values: Record<string, number | null>
  school_count: number
  passing: number
  pass: boolean
  schools: EvalSchool[]
  schools_hidden?: number
}

export interface EvalItem {
  key: string
  name_zh: string
  value: number | null
  comparator: string
  limit: EvalRule | null
  met: boolean | null
  note: string
}

export interface Evaluation {
  framework: FrameworkId
  framework_name: string
  year: number
  unit: string
  unit_name: string
  stages: EvalStage[]
  items: EvalItem[]
  excluded: { code: string; name: string; reason: string }[]
  rules: Record<string, EvalRule>
  not_assessed: string[]
  verdict: 'pass' | 'fail'
  failures: string[]
  scenario_changes?: number
}

export interface RemedyAddition {
  school: string
  school_name: string
  resource: string
  name_zh: string
  unit: string
  amount: number
  for_rule: number
  cost: number
  reason: 'school_rule' | 'cv' | 'school_rule+cv'
}

/** A unit cost of the plan: placeholders are marked unverified unless the county configured them. */
export interface RemedyUnitCost {
  key: string
  name_zh: string
  unit: string
  yuan: number
  whole: boolean
  configured: boolean
  mark: string
  mark_name: string
}

/** How the plan was optimised (docs/evaluation.md, "Remediation"). */
export interface RemedyOptimality {
  method: 'mip' | 'heuristic'
  status: string
  lower_bound: number
  gap: number
  iterations: number
  cuts: number
  lp_iterations: number
  lp_restarts: number
  repairs: number
  plan_from: 'mip' | 'relaxation' | 'heuristic'
  heuristic_cost: number
}

export interface RemedyPlan {
  framework: string
  year: number
  unit: string
  unit_name: string
  total_cost: number
  unit_cost_mark: string
  unit_cost_mark_name: string
  unit_cost_source: string
  unit_costs: RemedyUnitCost[]
  optimality: RemedyOptimality
  totals: {
    resource: string
    name_zh: string
    unit: string
    amount: number
    yuan_each: number
    yuan_each_mark: string
    yuan_each_configured: boolean
    cost: number
  }[]
  additions: RemedyAddition[]
  cv_steps: {
    stage: string
    indicator: string
    cv_before: number
    cv_after: number
    limit: number
    floor_value: number | null
    schools: string[]
  }[]
  verdict_before: string
  verdict_after: string
  after: Evaluation
}

export interface ScenarioChange {
  school: string
  resource: string
  add?: number
  set?: number
}

/** Resources a what-if may change (keys of src/engine/evaluation.h ResourceKey). */
export const SCENARIO_RESOURCES = [
  'teacher_qualified',
  'teacher_backbone',
  'teacher_pe_art',
  'teaching_area_m2',
  'sports_area_m2',
  'equipment_value_yuan',
  'multimedia_rooms',
  'computers',
  'books',
  'teachers',
  'teacher_mid_title',
] as const

export const evaluationApi = {
  get: (framework: FrameworkId, year?: number | null, unit?: string) =>
    http.get<Evaluation>('/evaluations', { framework, year, unit }),
  whatIf: (framework: FrameworkId, year: number, changes: ScenarioChange[], unit?: string) =>
    http.post<Evaluation>('/evaluations/what-if', { framework, year, unit, changes }, { timeoutMs: 30000 }),
  remedy: (year?: number | null, unit?: string) =>
    http.get<RemedyPlan>('/evaluations/remedy', { year, unit }, { timeoutMs: 30000 }),
  /** The download link of the workbook (cookie-authenticated GET). */
  exportUrl: (framework: FrameworkId, year?: number | null, unit?: string, remedy = false) =>
    buildUrl('/evaluations/export', { framework, year, unit, remedy: remedy ? 1 : undefined }),
}
