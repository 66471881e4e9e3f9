// 预测规划: scenario form ↔ JSON, client validation, interval-band chart data, indicator comparison,
// backtest pivot, and the page composable's requests (API mocked). Expected values by hand.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { BacktestReport, ProjectionDefaults, ProjectionRun, UnitSeries } from '@/api/projections'
import {
  accuracyRows,
  bandChartOption,
  compareIndicators,
  coverageRows,
  defaultForm,
  modelWins,
  toScenario,
  validateForm,
} from '@/views/projections/projection'
import { defaultTableYear, requestOf, useProjection } from '@/views/projections/useProjection'
import { withSetup } from './helpers'

vi.mock('@/api/projections', () => ({
  projectionApi: {
    defaults: vi.fn(),
    run: vi.fn(),
    get: vi.fn(),
    schools: vi.fn(),
    townships: vi.fn(),
    backtest: vi.fn(),
    xlsxUrl: (id: string) => `/api/v1/projections/${id}/xlsx`,
  },
}))
const { projectionApi } = await import('@/api/projections')
const api = vi.mocked(projectionApi)

const DEFAULTS: ProjectionDefaults = {
  first_year: 2015,
  last_year: 2025,
  base_year: 2025,
  min_base_year: 2016,
  horizon: 10,
  target_year: 2030,
  structure: '6-3',
  scenario: {
    name: 'default',
    class_size: { kindergarten: [25, 30, 35], primary: 45, junior: 50 },
    staffing_ratio: { primary: 19, junior: 13.5 },
    small_school: { threshold: 100, teachers_per_class: 1.5, min_teachers: 2 },
    viability_threshold: 100,
  },
  provenance: [],
  townships: [
    { code: '500235001', name: '双江街道' },
    { code: '500235101', name: '龙角镇' },
  ],
  schools: [],
}

function series(code: string, rows: [number, number, [number, number] | null][]): UnitSeries {
  return {
    code,
    name: code,
    level: 'county',
    years: rows.map(([year, students, iv], k) => ({
      year,
      recorded: k === 0,
      students,
      students_interval: iv,
      stages: {},
      classes_needed: 0,
      classrooms: 0,
      seat_capacity: 0,
      seat_gap: 0,
      seat_surplus: 0,
      big_classes: 0,
      huge_classes: 0,
      teachers_needed: 0,
      teachers_in_post: 0,
      teacher_gap: 0,
      schools: 1,
      schools_below_viability: 0,
    })),
  }
}

describe('scenario form', () => {
  it('starts from the server defaults', () => {
    const f = defaultForm(DEFAULTS, 'A')
    expect(f.classSize).toEqual({ primary: 45, junior: 50 })
    expect(f.staffing).toEqual({ primary: 19, junior: 13.5 })
    expect(f.variant).toBe('medium')
    expect(validateForm(f, DEFAULTS)).toEqual([])
  })

  it('writes the scenario JSON of docs/projections.md', () => {
    const f = defaultForm(DEFAULTS, ' 城镇化 ')
    f.urbanShiftPct = 2.5
    f.destinations = ['500235001']
    f.classSize.primary = 40
    f.changes = [
      { action: 'close', code: '5002350124', year: 2029 },
      { action: 'merge', code: '5002350123', into: '5002350100', year: 2028 },
      { action: 'open', code: '5002350999', name: '城东小学', township: '500235001', stage: 'primary', year: 2027, classrooms: 36 },
    ]
    expect(toScenario(f)).toEqual({
      name: '城镇化',
      births: { variant: 'medium' },
      urbanisation: { annual_shift: 0.025, destinations: { '500235001': 1 } },
      class_size: { primary: 40, junior: 50 },
      staffing_ratio: { primary: 19, junior: 13.5 },
      schools: [
        { action: 'close', code: '5002350124', year: 2029 },
        { action: 'merge', code: '5002350123', into: '5002350100', year: 2028 },
        { action: 'open', code: '5002350999', name: '城东小学', township: '500235001', stages: ['primary'], year: 2027, classrooms: 36 },
      ],
    })
  })

  it('writes explicit births without the empty years', () => {
    const f = defaultForm(DEFAULTS)
    f.variant = 'explicit'
    f.births = [
      { year: 2026, births: 8200 },
      { year: 2027, births: null },
      { year: 2028, births: 7900 },
    ]
    expect(toScenario(f).births).toEqual({ variant: 'explicit', series: { county: { '2026': 8200, '2028': 7900 } } })
  })

  it('reports every client-side error', () => {
    const f = defaultForm(DEFAULTS, '')
    f.classSize.junior = 0
    f.urbanShiftPct = 3
    f.variant = 'explicit'
    f.changes = [
      { action: 'merge', code: '5002350001', year: 2024 },
      { action: 'open', code: '5002350999', year: 2027 },
    ]
    expect(validateForm(f, DEFAULTS)).toEqual([
      '方案名称不能为空',
      '初中班额标准应为正数',
      '城镇化需要至少一个目的地乡镇',
      '自定义出生数方案需要至少一年的出生数',
      '学校变动第 1 行：年份应在基年之后',
      '学校变动第 1 行：并入需要接收学校',
      '学校变动第 2 行：新建学校需要名称、乡镇和教室数',
    ])
  })
})

describe('interval band chart', () => {
  it('stacks the band width on the lower bound, anchored at the recorded base year', () => {
    const a = series('500235', [
      [2025, 1000, null],
      [2026, 950, [900, 1010]],
      [2027, 900, [820, 990.5]],
    ])
    const b = series('500235', [
      [2025, 1000, null],
      [2026, 940, null],
    ])
    const opt = bandChartOption(
      [
        { label: 'A', series: a, color: '#111' },
        { label: 'B', series: b, color: '#222', dashed: true },
      ],
      { students: '在校生', interval: '80%' },
    ) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[]; stack?: string }[] }
    expect(opt.xAxis.data).toEqual(['2025', '2026', '2027'])
    expect(opt.series).toHaveLength(6)
    expect(opt.series[0]!.data).toEqual([1000, 900, 820])
    expect(opt.series[1]!.data).toEqual([0, 110, 170.5])
    expect(opt.series[0]!.stack).toBe(opt.series[1]!.stack)
    expect(opt.series[2]!.data).toEqual([1000, 950, 900])
    // B: no intervals after the base year → no band; 2027 missing → null.
    expect(opt.series[3]!.data).toEqual([1000, null, null])
    expect(opt.series[5]!.data).toEqual([1000, 940, null])
    expect(opt.series[5]!.name).toBe('B')
  })
})

describe('comparison and accuracy', () => {
  it('compares two scenarios indicator by indicator', () => {
    const ind = (code: string, value: number) => ({
      code,
      name: code,
      unit: '人',
      base_year: 2025,
      base_value: 100,
      target_year: 2030,
      value,
      interval: null,
    })
    const rows = compareIndicators([ind('x', 10.25), ind('y', 5)], [ind('x', 12.5)])
    expect(rows.map((r) => r.diff)).toEqual([2.25, undefined])
    expect(compareIndicators([ind('x', 1)])[0]!.b).toBeUndefined()
  })

  const report: BacktestReport = {
    base_year: 2025,
    synthetic: true,
    available: true,
    origins: [2018, 2019],
    max_lead: 2,
    coverage_target: 0.8,
    cells: [
      { forecaster: 'model', level: 'county', quantity: 'enrolment', lead: 1, n: 2, mape: 0.3, wape: 0.3, bias: 0 },
      { forecaster: 'model', level: 'county', quantity: 'enrolment', lead: 2, n: 1, mape: 0.6, wape: 0.6, bias: 0 },
      { forecaster: 'model', level: 'county', quantity: 'primary', lead: 1, n: 2, mape: 9, wape: 9, bias: 0 },
      { forecaster: 'persistence', level: 'county', quantity: 'enrolment', lead: 1, n: 2, mape: 2.4, wape: 2.4, bias: 0 },
      { forecaster: 'persistence', level: 'county', quantity: 'enrolment', lead: 2, n: 1, mape: 0.5, wape: 0.5, bias: 0 },
      { forecaster: 'model', level: 'school', quantity: 'enrolment', lead: 1, n: 0, mape: 0, wape: 0, bias: 0 },
    ],
    coverage: [{ forecaster: 'model', level: 'county', quantity: 'enrolment', lead: 2, n: 1, mape: 100, wape: 0, bias: 0 }],
  }

  it('pivots the backtest by level, forecaster and lead', () => {
    const rows = accuracyRows(report)
    expect(rows.map((r) => `${r.level}/${r.forecaster}`)).toEqual(['county/model', 'county/persistence', 'school/model'])
    expect(rows[0]!.mape).toEqual([0.3, 0.6])
    expect(rows[2]!.mape).toEqual([null, null])
    expect(modelWins(rows, 'county', 1)).toBe(true)
    expect(modelWins(rows, 'county', 2)).toBe(false)
    expect(modelWins(rows, 'school', 1)).toBeNull()
    expect(coverageRows(report)).toEqual([{ level: 'county', coverage: [null, 100] }])
    expect(accuracyRows({ base_year: 2025, synthetic: false, available: false })).toEqual([])
  })
})

describe('useProjection', () => {
  afterEach(() => vi.clearAllMocks())

  function run(id: string, scenario: string): ProjectionRun {
    return {
      id,
      synthetic: true,
      base_year: 2025,
      horizon: 10,
      scenario,
      scenario_json: {},
      structure: '6-3',
      county: series('500235', [[2025, 1000, null]]),
      townships: [{ ...series('500235101', [[2025, 100, null]]), level: 'township' }],
      indicators: [],
      interval_note: '',
      notes: [],
    }
  }

  it('runs scenario A on start, then B when comparing, and asks the tables of run A', async () => {
    api.defaults.mockResolvedValue(DEFAULTS)
    api.run.mockImplementation(async (req) => run(req.scenario?.name === '方案 B' ? 'bbb' : 'aaa', String(req.scenario?.name)))
    api.backtest.mockResolvedValue({ base_year: 2025, synthetic: true, available: false })
    api.schools.mockResolvedValue({ year: 2030, items: [], total: 0, page: 1, page_size: 20 })
    api.townships.mockResolvedValue({ year: 2030, base_year: 2025, items: [] })
    const { result: p, unmount } = withSetup(() =>
      useProjection(() => ({ a: 'A', b: 'B', students: 's', interval: 'i' })),
    )
    await p.start()
    expect(api.run).toHaveBeenCalledTimes(1)
    expect(api.run.mock.calls[0]![0]).toEqual(requestOf(defaultForm(DEFAULTS, '方案 A'), 2025, 10))
    expect(api.backtest).toHaveBeenCalledWith(2025)
    expect(api.schools).toHaveBeenLastCalledWith('aaa', { year: 2030, sort: 'seat_gap', township: undefined, page: 1, page_size: 20 })
    expect(api.townships).toHaveBeenLastCalledWith('aaa', { year: 2030, sort: 'change' })
    await nextTick()
    expect(p.township.value).toBe('500235101')

    p.compare.value = true
    await p.runScenarios()
    expect(api.run).toHaveBeenCalledTimes(3)
    expect(api.run.mock.calls[2]![0].scenario).toMatchObject({ name: '方案 B', births: { variant: 'low' } })
    const chart = p.countyChart.value as { series: { name: string }[] }
    expect(chart.series.filter((s) => !s.name.includes('i')).map((s) => s.name)).toEqual(['A：方案 A', 'B：方案 B'])

    p.schoolSort.value = 'teacher_gap'
    await nextTick()
    await Promise.resolve()
    expect(api.schools).toHaveBeenLastCalledWith('aaa', expect.objectContaining({ sort: 'teacher_gap', page: 1 }))
    unmount()
  })

  it('does not run an invalid scenario', async () => {
    api.defaults.mockResolvedValue(DEFAULTS)
    api.backtest.mockResolvedValue({ base_year: 2025, synthetic: true, available: false })
    const { result: p, unmount } = withSetup(() =>
      useProjection(() => ({ a: 'A', b: 'B', students: 's', interval: 'i' })),
    )
    p.formA.name = ''
    await p.runScenarios()
    expect(api.run).not.toHaveBeenCalled()
    expect(p.errorsA.value).toContain('方案名称不能为空')
    unmount()
  })

  it('picks 2030 as the table year when the run reaches it', () => {
    expect(defaultTableYear(run('a', 'x'))).toBe(2030)
    expect(defaultTableYear({ ...run('a', 'x'), horizon: 3 })).toBe(2028)
    expect(defaultTableYear(undefined)).toBeNull()
  })
})
