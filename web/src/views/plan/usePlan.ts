// 规划监测: every target of the plan with its status in the chosen school year, grouped by plan
// section, filtered by area, attribute (约束性/预期性), status and keyword — the filters live in
// the address so a link from the overview opens the same view. The detail drawer loads the
// target's yearly values (status of each school year) for its trajectory.
import { computed, reactive, ref, watch } from 'vue'
import { useRoute } from 'vue-router'
import { useQuerySync } from '@/composables/useQuerySync'
import { planApi } from '@/api/plan'
import { useAsync } from '@/composables/useAsync'
import { useSessionStore } from '@/stores/session'
import { usePlansStore } from '@/stores/plans'
import { useLabelsStore } from '@/stores/labels'
import type { PlanSectionInfo, PlanTarget, TargetStatusRow } from '@/api/types'
import { countStatuses, statusById } from '@/utils/plan'

export interface PlanFilter {
  area: string
  attribute: string
  status: string
  q: string
}

export interface PlanRow {
  target: PlanTarget
  status: TargetStatusRow | undefined
}

export interface PlanGroup {
  id: string
  title: string
  rows: PlanRow[]
}

/** Whether a row passes the filter (exported for tests). */
export function matches(row: PlanRow, f: PlanFilter): boolean {
  const t = row.target
  if (f.area && t.responsible !== f.area) return false
  if (f.attribute && t.attribute !== f.attribute) return false
  if (f.status && (row.status?.status ?? 'no_data') !== f.status) return false
  if (f.q) {
    const q = f.q.trim().toLowerCase()
    const hay = [t.quote, t.indicator, t.metric, t.id, t.responsible, ...(t.see_also ?? [])].join('\n').toLowerCase()
    if (!hay.includes(q)) return false
  }
  return true
}

/**
 * Groups rows under the plan section they belong to, in plan order. With the section tree the
 * heading is the nearest ancestor of kind "section" (一、二、… of a part); without it, the
 * target's own section titled from `titles` (section id → "number title" of the status summary).
 */
export function groupBySection(
  rows: readonly PlanRow[],
  sections: readonly PlanSectionInfo[],
  titles: ReadonlyMap<string, string> = new Map(),
): PlanGroup[] {
  const byId = new Map(sections.map((s) => [s.id, s]))
  const heading = (id: string): PlanSectionInfo | undefined => {
    let s = byId.get(id)
    let best = s
    while (s) {
      if (s.kind === 'section' || s.kind === 'table') best = s
      if (s.kind === 'section') break
      s = byId.get(s.parent)
    }
    return best
  }
  const groups = new Map<string, PlanGroup>()
  for (const row of rows) {
    const h = heading(row.target.section)
    const id = h?.id ?? row.target.section ?? row.target.responsible ?? ''
    const title = h
      ? [h.number, h.title].filter(Boolean).join(' ')
      : titles.get(row.target.section) || row.target.section_title || row.target.responsible || id
    let g = groups.get(id)
    if (!g) {
      g = { id, title, rows: [] }
      groups.set(id, g)
    }
    g.rows.push(row)
  }
  return [...groups.values()]
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

export function usePlan() {
  const session = useSessionStore()
  const route = useRoute()
  const setQuery = useQuerySync()
  const filter = reactive<PlanFilter>({
    area: str(route.query.area),
    attribute: str(route.query.attribute),
    status: str(route.query.status),
    q: str(route.query.q),
  })
  const year = ref<number | null>(Number(route.query.year) || session.latestYear)
  // The plan: ?plan= in the address wins over the remembered choice (stores/plans.ts).
  const plans = usePlansStore()
  if (str(route.query.plan)) plans.select(str(route.query.plan))
  const core = useAsync(async (y: number | null) => {
    const [plan, status] = await Promise.all([planApi.targets(), planApi.status(y ?? undefined)])
    return { plan, status }
  })
  const history = useAsync((years: number[]) => Promise.all(years.map((y) => planApi.status(y))))
  const selectedId = ref<string>(str(route.query.target))

  const rows = computed<PlanRow[]>(() => {
    const d = core.data.value
    if (!d) return []
    const map = statusById(d.status.targets)
    return d.plan.targets.map((t) => ({ target: t, status: map.get(t.id) }))
  })
  const filtered = computed(() => rows.value.filter((r) => matches(r, filter)))
  const sectionTitles = computed(
    () => new Map((core.data.value?.status.summary.sections ?? []).map((s) => [s.section_id, s.title])),
  )
  const groups = computed(() => groupBySection(filtered.value, core.data.value?.plan.sections ?? [], sectionTitles.value))
  // Each commitment once (restatements with same_as left out), like the overview and the report.
  const counts = computed(() =>
    countStatuses(filtered.value.filter((r) => !r.target.same_as).map((r) => ({ status: r.status?.status ?? 'no_data' }))),
  )
  const areas = computed(() => [...new Set(rows.value.map((r) => r.target.responsible).filter((a): a is string => !!a))])
  const selected = computed(() => rows.value.find((r) => r.target.id === selectedId.value) ?? null)

  /** The school years a trajectory covers: from the plan's baseline year to the latest with data. */
  const historyYears = computed(() => session.years)

  /** Yearly values of the selected target from the per-year status. */
  const trajectory = computed(() => {
    const perYear = history.data.value ?? []
    const id = selectedId.value
    return historyYears.value.map((y, i) => ({ year: y, row: perYear[i]?.targets.find((r) => r.id === id) }))
  })

  function syncQuery() {
    const q: Record<string, string> = {}
    if (filter.area) q.area = filter.area
    if (filter.attribute) q.attribute = filter.attribute
    if (filter.status) q.status = filter.status
    if (filter.q) q.q = filter.q
    if (year.value && year.value !== session.latestYear) q.year = String(year.value)
    if (selectedId.value) q.target = selectedId.value
    if (plans.selected) q.plan = plans.selected
    setQuery(q)
  }

  function open(id: string) {
    selectedId.value = id
    syncQuery()
  }
  function close() {
    selectedId.value = ''
    syncQuery()
  }
  function resetFilter() {
    Object.assign(filter, { area: '', attribute: '', status: '', q: '' })
    syncQuery()
  }

  watch(() => ({ ...filter }), syncQuery)
  watch(
    year,
    (y) => {
      void core.run(y)
      syncQuery()
    },
    { immediate: true },
  )
  // Another plan: its targets, status and (when a target is open) trajectory; labels follow.
  watch(
    () => plans.selected,
    () => {
      selectedId.value = ''
      history.data.value = undefined
      void core.run(year.value)
      void useLabelsStore().reloadTargets()
      syncQuery()
    },
  )
  watch(
    selectedId,
    (id) => {
      if (id && !history.data.value && !history.loading.value) void history.run(historyYears.value)
    },
    { immediate: true },
  )

  return {
    session,
    plans,
    filter,
    year,
    core,
    history,
    rows,
    filtered,
    groups,
    counts,
    areas,
    selectedId,
    selected,
    trajectory,
    open,
    close,
    resetFilter,
  }
}
