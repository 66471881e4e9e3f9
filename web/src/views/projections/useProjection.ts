// 预测规划 page state: the defaults, one or two scenario forms (A, and B when comparing), their
// runs, the school table and township ranking of run A (year, sort, paging), the chosen township
// of the township chart, and the backtest behind the intervals. Every number shown comes from the
// API; this file only decides what to ask for.
import { computed, reactive, ref, watch } from 'vue'
import { projectionApi, type ProjectionRun, type RunRequest } from '@/api/projections'
import { useAsync } from '@/composables/useAsync'
import { CHART_COLORS } from '@/utils/echarts'
import {
  accuracyRows,
  bandChartOption,
  compareIndicators,
  coverageRows,
  defaultForm,
  toScenario,
  validateForm,
  type ChartRun,
  type ScenarioForm,
} from './projection'

export const SCHOOL_SORTS = ['seat_gap', 'teacher_gap', 'students', 'change'] as const
export const TOWNSHIP_SORTS = ['change', 'seat_gap', 'teacher_gap', 'students', 'seat_surplus'] as const
export type SchoolSort = (typeof SCHOOL_SORTS)[number]
export type TownshipSort = (typeof TOWNSHIP_SORTS)[number]

/** The request of one scenario form (exported for tests). */
export function requestOf(form: ScenarioForm, baseYear: number | null, horizon: number): RunRequest {
  return { ...(baseYear ? { base_year: baseYear } : {}), horizon, scenario: toScenario(form) }
}

/** The year the tables show by default: 2030 when inside the run, else its last year. */
export function defaultTableYear(run: ProjectionRun | undefined): number | null {
  if (!run) return null
  const last = run.base_year + run.horizon
  return run.base_year < 2030 && last >= 2030 ? 2030 : last
}

export function useProjection(labels: () => { a: string; b: string; students: string; interval: string }) {
  const defaults = useAsync(() => projectionApi.defaults())
  const formA = reactive<ScenarioForm>(defaultForm(undefined, '方案 A'))
  const formB = reactive<ScenarioForm>(defaultForm(undefined, '方案 B'))
  const compare = ref(false)
  const baseYear = ref<number | null>(null)
  const horizon = ref(10)
  const runA = useAsync((req: RunRequest) => projectionApi.run(req))
  const runB = useAsync((req: RunRequest) => projectionApi.run(req))
  const backtest = useAsync((base?: number) => projectionApi.backtest(base))

  const tableYear = ref<number | null>(null)
  const schoolSort = ref<SchoolSort>('seat_gap')
  const townshipSort = ref<TownshipSort>('change')
  const schoolPage = reactive({ page: 1, page_size: 20, township: '' })
  const schools = useAsync((id: string, q: Parameters<typeof projectionApi.schools>[1]) => projectionApi.schools(id, q))
  const ranking = useAsync((id: string, q: Parameters<typeof projectionApi.townships>[1]) => projectionApi.townships(id, q))
  const township = ref('')

  const errorsA = computed(() => validateForm(formA, defaults.data.value))
  const errorsB = computed(() => (compare.value ? validateForm(formB, defaults.data.value) : []))
  const valid = computed(() => errorsA.value.length === 0 && errorsB.value.length === 0)

  function resetForms(): void {
    const d = defaults.data.value
    Object.assign(formA, defaultForm(d, '方案 A'))
    Object.assign(formB, defaultForm(d, '方案 B'))
    formB.variant = 'low'
  }

  async function start(): Promise<void> {
    const d = await defaults.run()
    if (!d) return
    baseYear.value = d.base_year
    horizon.value = d.horizon
    resetForms()
    await Promise.all([runScenarios(), backtest.run(d.base_year)])
  }

  async function runScenarios(): Promise<void> {
    if (!valid.value) return
    const jobs: Promise<unknown>[] = [runA.run(requestOf(formA, baseYear.value, horizon.value))]
    if (compare.value) jobs.push(runB.run(requestOf(formB, baseYear.value, horizon.value)))
    await Promise.all(jobs)
    const a = runA.data.value
    if (!a) return
    const y = tableYear.value
    if (y === null || y < a.base_year || y > a.base_year + a.horizon) tableYear.value = defaultTableYear(a)
    schoolPage.page = 1
    await loadTables()
  }

  function loadTables(): Promise<unknown> {
    const a = runA.data.value
    if (!a) return Promise.resolve()
    const year = tableYear.value ?? undefined
    return Promise.all([
      schools.run(a.id, {
        year,
        sort: schoolSort.value,
        township: schoolPage.township || undefined,
        page: schoolPage.page,
        page_size: schoolPage.page_size,
      }),
      ranking.run(a.id, { year, sort: townshipSort.value }),
    ])
  }

  watch([schoolSort, townshipSort, tableYear], () => {
    schoolPage.page = 1
    void loadTables()
  })

  function setPage(page: number, size?: number): void {
    schoolPage.page = page
    if (size) schoolPage.page_size = size
    void loadTables()
  }

  const chartRuns = (pick: (r: ProjectionRun) => ChartRun['series'] | null | undefined): ChartRun[] => {
    const out: ChartRun[] = []
    const l = labels()
    const a = runA.data.value
    const sa = a && pick(a)
    if (sa) out.push({ label: scenarioLabel(l.a, a.scenario), series: sa, color: CHART_COLORS[0] ?? '#1f5fbf' })
    const b = compare.value ? runB.data.value : undefined
    const sb = b && pick(b)
    if (sb) out.push({ label: scenarioLabel(l.b, b.scenario), series: sb, color: CHART_COLORS[1] ?? '#d4380d', dashed: true })
    return out
  }
  const countyChart = computed(() => {
    const l = labels()
    return bandChartOption(
      chartRuns((r) => r.county),
      { students: l.students, interval: l.interval },
    )
  })
  const townships = computed(() => runA.data.value?.townships.map((t) => ({ code: t.code, name: t.name })) ?? [])
  watch(townships, (list) => {
    if (!list.some((t) => t.code === township.value)) township.value = list[0]?.code ?? ''
  })
  const townshipChart = computed(() => {
    const l = labels()
    return bandChartOption(
      chartRuns((r) => r.townships.find((t) => t.code === township.value)),
      { students: l.students, interval: l.interval },
    )
  })
  const targets = computed(() =>
    compareIndicators(runA.data.value?.indicators ?? [], compare.value ? runB.data.value?.indicators : undefined),
  )
  const accuracy = computed(() => accuracyRows(backtest.data.value))
  const coverage = computed(() => coverageRows(backtest.data.value))
  const years = computed(() => {
    const a = runA.data.value
    return a ? Array.from({ length: a.horizon + 1 }, (_, k) => a.base_year + k) : []
  })

  return {
    defaults,
    formA,
    formB,
    compare,
    baseYear,
    horizon,
    runA,
    runB,
    backtest,
    schools,
    ranking,
    township,
    townships,
    tableYear,
    schoolSort,
    townshipSort,
    schoolPage,
    errorsA,
    errorsB,
    valid,
    countyChart,
    townshipChart,
    targets,
    accuracy,
    coverage,
    years,
    start,
    runScenarios,
    resetForms,
    setPage,
    loadTables,
  }
}

/** "方案 A" or "方案 A：高出生" — the scenario's own name only when it says more than the letter. */
export function scenarioLabel(letter: string, name: string | undefined): string {
  const n = (name ?? '').trim()
  return !n || n === letter ? letter : `${letter}：${n}`
}
