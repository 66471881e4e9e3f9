// Pure helpers of the 预测规划 page: the scenario editor's form ↔ scenario JSON
// (docs/projections.md §3), the interval-band chart options, the indicator comparison of two
// scenarios and the backtest accuracy pivot. No Vue, no requests: unit-tested in
// tests/unit/projections.test.ts.
import type {
  AccuracyCell,
  BacktestReport,
  ProjectedIndicator,
  ProjectionDefaults,
  UnitSeries,
} from '@/api/projections'
import type { ChartOption } from '@/utils/echarts'

export type BirthsVariant = 'low' | 'medium' | 'high' | 'explicit'

export interface SchoolChangeForm {
  action: 'open' | 'close' | 'merge'
  code: string
  year: number
  /** merge: receiving school */
  into?: string
  /** open: */
  name?: string
  township?: string
  stage?: 'primary' | 'junior' | 'kindergarten'
  classrooms?: number
}

export interface ScenarioForm {
  name: string
  variant: BirthsVariant
  /** explicit county births by calendar year */
  births: { year: number; births: number | null }[]
  /** share of each source township's entrants moving per year, in percent (2 = 2 %/年) */
  urbanShiftPct: number
  destinations: string[]
  classSize: { primary: number; junior: number }
  staffing: { primary: number; junior: number }
  changes: SchoolChangeForm[]
}

function num(v: unknown, fallback: number): number {
  if (Array.isArray(v)) return num(v[0], fallback)
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback
}

/** The editor's starting form: the server's default norms, medium births, no urbanisation. */
export function defaultForm(d: ProjectionDefaults | undefined, name = '默认方案'): ScenarioForm {
  const cs = d?.scenario.class_size ?? {}
  const sr = d?.scenario.staffing_ratio ?? {}
  return {
    name,
    variant: 'medium',
    births: [],
    urbanShiftPct: 0,
    destinations: [],
    classSize: { primary: num(cs.primary, 45), junior: num(cs.junior, 50) },
    staffing: { primary: num(sr.primary, 19), junior: num(sr.junior, 13.5) },
    changes: [],
  }
}

/** Client-side checks (the server validates again and names the JSON path); [] when valid. */
export function validateForm(f: ScenarioForm, d?: ProjectionDefaults): string[] {
  const errors: string[] = []
  if (!f.name.trim()) errors.push('方案名称不能为空')
  const pos = (v: number, what: string) => {
    if (!Number.isFinite(v) || v <= 0) errors.push(`${what}应为正数`)
  }
  pos(f.classSize.primary, '小学班额标准')
  pos(f.classSize.junior, '初中班额标准')
  pos(f.staffing.primary, '小学生师比')
  pos(f.staffing.junior, '初中生师比')
  if (!Number.isFinite(f.urbanShiftPct) || f.urbanShiftPct < 0 || f.urbanShiftPct > 50) {
    errors.push('城镇化年迁移比例应在 0–50% 之间')
  }
  if (f.urbanShiftPct > 0 && f.destinations.length === 0) errors.push('城镇化需要至少一个目的地乡镇')
  if (f.variant === 'explicit') {
    const given = f.births.filter((b) => b.births !== null)
    if (given.length === 0) errors.push('自定义出生数方案需要至少一年的出生数')
    for (const b of given) {
      if (!Number.isFinite(b.births as number) || (b.births as number) < 0) errors.push(`${b.year} 年出生数应为非负数`)
    }
  }
  f.changes.forEach((c, i) => {
    const at = `学校变动第 ${i + 1} 行`
    if (!c.code.trim()) errors.push(`${at}：缺少学校代码`)
    if (d && (c.year <= d.base_year || c.year > d.base_year + 30)) errors.push(`${at}：年份应在基年之后`)
    if (c.action === 'merge' && !c.into) errors.push(`${at}：并入需要接收学校`)
    if (c.action === 'open' && (!c.name?.trim() || !c.township || !c.classrooms)) {
      errors.push(`${at}：新建学校需要名称、乡镇和教室数`)
    }
  })
  return errors
}

/** The scenario JSON the API takes (docs/projections.md §3). */
export function toScenario(f: ScenarioForm): Record<string, unknown> {
  const s: Record<string, unknown> = { name: f.name.trim() }
  if (f.variant === 'explicit') {
    const county: Record<string, number> = {}
    for (const b of f.births) if (b.births !== null) county[String(b.year)] = b.births
    s.births = { variant: 'explicit', series: { county } }
  } else {
    s.births = { variant: f.variant }
  }
  if (f.urbanShiftPct > 0) {
    s.urbanisation = {
      annual_shift: Math.round(f.urbanShiftPct * 100) / 10000,
      destinations: Object.fromEntries(f.destinations.map((c) => [c, 1])),
    }
  }
  s.class_size = { primary: f.classSize.primary, junior: f.classSize.junior }
  s.staffing_ratio = { primary: f.staffing.primary, junior: f.staffing.junior }
  if (f.changes.length) {
    s.schools = f.changes.map((c) => {
      if (c.action === 'open') {
        const o: Record<string, unknown> = {
          action: 'open',
          code: c.code.trim(),
          name: (c.name ?? '').trim(),
          township: c.township,
          stages: [c.stage ?? 'primary'],
          year: c.year,
          classrooms: c.classrooms ?? 0,
        }
        return o
      }
      if (c.action === 'merge') return { action: 'merge', code: c.code.trim(), into: c.into, year: c.year }
      return { action: 'close', code: c.code.trim(), year: c.year }
    })
  }
  return s
}

// ---- charts ---------------------------------------------------------------------------------

export interface ChartRun {
  label: string
  series: UnitSeries
  color: string
  dashed?: boolean
}

/**
 * Line chart of total students with the 80 % interval as a band: per run a transparent lower line
 * and the band (upper − lower) stacked on it, then the point forecast. The recorded base year
 * anchors the band at its value.
 */
export function bandChartOption(runs: ChartRun[], labels: { students: string; interval: string }): ChartOption {
  const years = [...new Set(runs.flatMap((r) => r.series.years.map((y) => y.year)))].sort((a, b) => a - b)
  const series: Record<string, unknown>[] = []
  for (const [i, r] of runs.entries()) {
    const byYear = new Map(r.series.years.map((y) => [y.year, y]))
    const low = years.map((yr) => {
      const y = byYear.get(yr)
      if (!y) return null
      return y.students_interval ? y.students_interval[0] : y.recorded ? y.students : null
    })
    const width = years.map((yr) => {
      const y = byYear.get(yr)
      if (!y) return null
      if (y.students_interval) return Math.round((y.students_interval[1] - y.students_interval[0]) * 10) / 10
      return y.recorded ? 0 : null
    })
    const stack = `band${i}`
    series.push({
      name: `${r.label} ${labels.interval}`,
      type: 'line',
      data: low,
      stack,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
      silent: true,
    })
    series.push({
      name: `${r.label} ${labels.interval}`,
      type: 'line',
      data: width,
      stack,
      symbol: 'none',
      lineStyle: { opacity: 0 },
      areaStyle: { color: r.color, opacity: 0.15 },
      tooltip: { show: false },
      silent: true,
    })
    series.push({
      name: r.label,
      type: 'line',
      data: years.map((yr) => byYear.get(yr)?.students ?? null),
      color: r.color,
      lineStyle: { color: r.color, type: r.dashed ? 'dashed' : 'solid', width: 2 },
      itemStyle: { color: r.color },
      symbolSize: 5,
    })
  }
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: runs.map((r) => r.label), top: 0 },
    grid: { left: 60, right: 20, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', name: labels.students, scale: true },
    series,
  }
}

/** The students of a series in `year` (undefined when the year is not in it). */
export function studentsIn(s: UnitSeries | null | undefined, year: number): number | undefined {
  return s?.years.find((y) => y.year === year)?.students
}

// ---- comparison -----------------------------------------------------------------------------

export interface IndicatorComparison {
  code: string
  name: string
  unit: string
  base_value: number | null
  a: ProjectedIndicator
  b?: ProjectedIndicator
  /** b − a, when both exist */
  diff?: number
}

export function compareIndicators(a: ProjectedIndicator[], b?: ProjectedIndicator[]): IndicatorComparison[] {
  const other = new Map((b ?? []).map((i) => [i.code, i]))
  return a.map((i) => {
    const j = other.get(i.code)
    return {
      code: i.code,
      name: i.name,
      unit: i.unit,
      base_value: i.base_value,
      a: i,
      b: j,
      diff: j ? Math.round((j.value - i.value) * 100) / 100 : undefined,
    }
  })
}

// ---- backtest -------------------------------------------------------------------------------

export interface AccuracyRow {
  level: AccuracyCell['level']
  forecaster: AccuracyCell['forecaster']
  /** MAPE % by lead 1..max (null where no pairs) */
  mape: (number | null)[]
  wape: (number | null)[]
  n: number[]
}

const LEVEL_ORDER = ['county', 'township', 'school'] as const
const FORECASTER_ORDER = ['model', 'persistence', 'births_ratio'] as const

/** MAPE/WAPE of total enrolment ("enrolment") by level × forecaster × lead, in a fixed order. */
export function accuracyRows(r: BacktestReport | undefined): AccuracyRow[] {
  if (!r?.available || !r.cells) return []
  const maxLead = r.max_lead ?? Math.max(0, ...r.cells.map((c) => c.lead))
  const rows: AccuracyRow[] = []
  for (const level of LEVEL_ORDER) {
    for (const forecaster of FORECASTER_ORDER) {
      const cells = r.cells.filter((c) => c.level === level && c.forecaster === forecaster && c.quantity === 'enrolment')
      if (!cells.length) continue
      const at = (lead: number) => cells.find((c) => c.lead === lead)
      const leads = Array.from({ length: maxLead }, (_, k) => k + 1)
      rows.push({
        level,
        forecaster,
        mape: leads.map((l) => (at(l) && at(l)!.n > 0 ? at(l)!.mape : null)),
        wape: leads.map((l) => (at(l) && at(l)!.n > 0 ? at(l)!.wape : null)),
        n: leads.map((l) => at(l)?.n ?? 0),
      })
    }
  }
  return rows
}

/** Interval coverage (percent) by level and lead: how often the recorded value fell inside. */
export function coverageRows(r: BacktestReport | undefined): { level: string; coverage: (number | null)[] }[] {
  if (!r?.available || !r.coverage) return []
  const maxLead = r.max_lead ?? 0
  return LEVEL_ORDER.flatMap((level) => {
    const cells = r.coverage!.filter((c) => c.level === level && c.quantity === 'enrolment')
    if (!cells.length) return []
    return [
      {
        level,
        coverage: Array.from({ length: maxLead }, (_, k) => {
          const c = cells.find((x) => x.lead === k + 1)
          return c && c.n > 0 ? c.mape : null
        }),
      },
    ]
  })
}

/** Whether the model beats both naive baselines at this level and lead (lower MAPE). */
export function modelWins(rows: AccuracyRow[], level: string, lead: number): boolean | null {
  const get = (f: string) => rows.find((r) => r.level === level && r.forecaster === f)?.mape[lead - 1] ?? null
  const m = get('model')
  const p = get('persistence')
  const b = get('births_ratio')
  if (m === null || (p === null && b === null)) return null
  return (p === null || m < p) && (b === null || m < b)
}
