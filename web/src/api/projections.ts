// 预测规划: projection runs with a scenario, their series, school table, township ranking, the
// suggested 十五五 targets, the backtest behind the intervals and the xlsx download
// (src/server/handlers_projections.cc). The wire shapes are the client types here.
import { buildUrl, http } from './http'

export type Interval = [number, number] | null

export interface StageYear {
  students: number
  classes_needed: number
  teachers_needed: number
  teachers_in_post: number
}

export interface ProjectionYear {
  year: number
  recorded: boolean
  students: number
  students_interval: Interval
  stages: Record<string, StageYear>
  classes_needed: number
  classrooms: number
  seat_capacity: number
  seat_gap: number
  seat_surplus: number
  big_classes: number
  huge_classes: number
  teachers_needed: number
  teachers_in_post: number
  teacher_gap: number
  schools: number
  schools_below_viability: number
}

export interface UnitSeries {
  code: string
  name: string
  level: 'county' | 'township' | 'school'
  township_code?: string
  years: ProjectionYear[]
}

export interface ProjectedIndicator {
  code: string
  name: string
  unit: string
  base_year: number
  base_value: number | null
  target_year: number
  value: number
  interval: Interval
}

export interface ProjectionRun {
  id: string
  synthetic: boolean
  base_year: number
  horizon: number
  scenario: string
  scenario_json: Record<string, unknown>
  structure: string
  county: UnitSeries | null
  townships: UnitSeries[]
  indicators: ProjectedIndicator[]
  interval_note: string
  notes: string[]
}

export interface RankRow {
  code: string
  name: string
  township_code?: string
  base_students: number
  students: number
  students_interval: Interval
  change_pct: number
  classes_needed: number
  classrooms: number
  seat_capacity: number
  seat_gap: number
  seat_surplus: number
  big_classes: number
  teachers_needed: number
  teachers_in_post: number
  teacher_gap: number
  schools: number
  schools_below_viability: number
  operating?: boolean
  rank?: number
}

export interface SchoolPage {
  year: number
  items: RankRow[]
  total: number
  page: number
  page_size: number
}

export interface TownshipRanking {
  year: number
  base_year: number
  items: RankRow[]
}

export interface ProjectionDefaults {
  first_year: number
  last_year: number
  base_year: number
  min_base_year: number
  horizon: number
  target_year: number
  structure: string
  scenario: {
    name: string
    class_size: Record<string, number | number[]>
    staffing_ratio: Record<string, number>
    small_school: { threshold: number; teachers_per_class: number; min_teachers: number }
    viability_threshold: number
  }
  provenance: string[]
  townships: { code: string; name: string }[]
  schools: { code: string; name: string; township_code: string; stages: string[] }[]
}

export interface AccuracyCell {
  forecaster: 'model' | 'persistence' | 'births_ratio'
  level: 'county' | 'township' | 'school'
  quantity: string
  lead: number
  n: number
  mape: number
  wape: number
  bias: number
}

export interface BacktestReport {
  base_year: number
  synthetic: boolean
  available: boolean
  message?: string
  origins?: number[]
  max_lead?: number
  coverage_target?: number
  cells?: AccuracyCell[]
  coverage?: AccuracyCell[]
}

export interface RunRequest {
  base_year?: number
  horizon?: number
  scenario?: Record<string, unknown>
}

export const projectionApi = {
  defaults: () => http.get<ProjectionDefaults>('/projections/defaults'),
  run: (req: RunRequest) => http.post<ProjectionRun>('/projections', req, { timeoutMs: 60000 }),
  get: (id: string) => http.get<ProjectionRun>(`/projections/${encodeURIComponent(id)}`),
  schools: (id: string, q: { year?: number; sort?: string; township?: string; page?: number; page_size?: number }) =>
    http.get<SchoolPage>(`/projections/${encodeURIComponent(id)}/schools`, q),
  townships: (id: string, q: { year?: number; sort?: string }) =>
    http.get<TownshipRanking>(`/projections/${encodeURIComponent(id)}/townships`, q),
  backtest: (baseYear?: number) =>
    http.get<BacktestReport>('/projections/backtest', { base_year: baseYear }, { timeoutMs: 60000 }),
  /** The workbook's address (a plain link: the session cookie authorises the download). */
  xlsxUrl: (id: string) => buildUrl(`/projections/${encodeURIComponent(id)}/xlsx`),
}
