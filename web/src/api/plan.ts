// The plan's quantitative targets and their monitored status for a school year. The wire shapes
// (src/server/handlers_indicators.cc, engine_data.cc) are mapped here to the client types.
import { http } from './http'
import type { PlanPhase, PlanSectionInfo, PlanStatus, PlanTarget, StatusCounts, TargetStatus } from './types'

/** A plan stored in the database (GET /plans). */
export interface PlanInfo {
  id: string
  name: string
  unit_code: string
  first_year: number
  last_year: number
  baseline_year: number
  period: string
  status: 'adopted' | 'draft'
  version: number
  target_count: number
  default: boolean
}

// The plan every plan request is about (the plan switcher sets it; '' = the server's default).
let selectedPlan = ''
export function setSelectedPlan(id: string): void {
  selectedPlan = id
}
export function selectedPlanId(): string {
  return selectedPlan
}
const planQuery = () => (selectedPlan ? { plan: selectedPlan } : {})

export interface PlanTargets {
  title: string
  first_year: number
  last_year: number
  baseline_year: number
  targets: PlanTarget[]
  /** The section tree when the server sends it (id, parent, kind, number, title). */
  sections: PlanSectionInfo[]
}

interface TargetWire extends Omit<PlanTarget, 'indicator' | 'metric'> {
  /** indicator, derived, metric, milestone */
  kind: string
  /** The code whose values the target reads (indicator, metric, or "num/den"). */
  value_code: string
}

interface TargetsWire {
  plan_id: string
  title: string
  issuer: string
  unit_code: string
  first_year: number
  last_year: number
  baseline_year: number
  items: TargetWire[]
  sections?: PlanSectionInfo[]
}

interface StatusItemWire {
  target_id: string
  quote: string
  unit: string
  target: number | null
  target_year: number
  comparator: string
  value: number | null
  required: number | null
  baseline: number | null
  forecast: number | null
  forecast_clamped?: boolean
  forecast_unclamped?: number | null
  status: TargetStatus
  status_name: string
  reason: string
  warning?: string | null
}

interface StatusWire {
  plan_id: string
  title: string
  unit_code: string
  first_year?: number
  last_year?: number
  /** baseline (before the period), period, ended (after it: the last year's final state) */
  phase?: PlanPhase
  year: number
  overall: StatusCounts & { total: number }
  sections: { section_id: string; title: string; counts: StatusCounts }[]
  items: StatusItemWire[]
}

export function targetFromWire(w: TargetWire): PlanTarget {
  const { kind, value_code, ...rest } = w
  return {
    ...rest,
    baseline: w.baseline ?? null,
    indicator: kind === 'indicator' ? value_code : null,
    metric: kind === 'metric' || kind === 'milestone' ? value_code : null,
  }
}

export function statusFromWire(w: StatusWire): PlanStatus {
  return {
    year: w.year,
    phase: w.phase ?? 'period',
    first_year: w.first_year ?? null,
    last_year: w.last_year ?? null,
    targets: w.items.map((i) => ({
      id: i.target_id,
      year: w.year,
      value: i.value,
      target: i.target,
      required: i.required,
      status: i.status,
      forecast: i.forecast,
      forecast_clamped: i.forecast_clamped ?? false,
      forecast_unclamped: i.forecast_unclamped ?? null,
      reason: i.reason,
      warning: i.warning ?? null,
    })),
    summary: { overall: w.overall, sections: w.sections },
  }
}

export const planApi = {
  plans: async (): Promise<{ default: string; items: PlanInfo[] }> => http.get('/plans'),
  targets: async (): Promise<PlanTargets> => {
    const w = await http.get<TargetsWire>('/plan/targets', planQuery())
    return {
      title: w.title,
      first_year: w.first_year,
      last_year: w.last_year,
      baseline_year: w.baseline_year,
      targets: w.items.map(targetFromWire),
      sections: w.sections ?? [],
    }
  },
  status: async (year?: number): Promise<PlanStatus> => statusFromWire(await http.get<StatusWire>('/plan/status', { year, ...planQuery() })),
}
