// Plan helpers: display units, target wording, counts, township ranking, required path.
import { describe, expect, it } from 'vitest'
import type { PlanTarget } from '@/api/types'
import {
  commitmentCount,
  countStatuses,
  formatTargetValue,
  lowerIsBetter,
  mainTargets,
  planDisplay,
  rankUnits,
  requiredPath,
  targetText,
  totalOf,
} from '@/utils/plan'

function target(over: Partial<PlanTarget>): PlanTarget {
  return {
    id: 't',
    quote: 'q',
    unit: '%',
    target: { year: 2025, value: 95 },
    comparator: '>=',
    attribute: '预期性',
    section: 's',
    ...over,
  }
}

const enrolment = target({
  unit: '人',
  display_unit: '万人',
  display_scale: 10000,
  baseline: { year: 2020, value: 29000 },
  target: { year: 2025, value: 30000 },
  comparator: '=',
})

describe('plan display units', () => {
  it('converts to the plan unit', () => {
    expect(planDisplay(29123, enrolment)).toEqual({ value: 2.9123, unit: '万人' })
    expect(planDisplay(null, enrolment)).toEqual({ value: null, unit: '万人' })
    expect(planDisplay(95, target({}))).toEqual({ value: 95, unit: '%' })
  })
  it('formats values like the plan', () => {
    expect(formatTargetValue(29123, enrolment)).toBe('2.9万人')
    expect(formatTargetValue(30000, enrolment)).toBe('3.0万人')
    const senior = { ...enrolment, target: { year: 2025, value: 22500 } }
    expect(formatTargetValue(22500, senior)).toBe('2.25万人')
    expect(formatTargetValue(23612, senior)).toBe('2.36万人')
    expect(formatTargetValue(90.94, target({}))).toBe('90.9%')
    expect(formatTargetValue(29123, target({ unit: '人' }))).toBe('2.9万人')
  })
})

describe('target wording', () => {
  it.each([
    [{ comparator: '>=' }, '≥95.0%'],
    [{ comparator: '>' }, '＞95.0%'],
    [{ comparator: 'approx', target: { year: 2025, value: 60 } }, '≈60.0%'],
    [{ comparator: 'eliminate', unit: '个', target: { year: 2025, value: 0 } }, '全面消除'],
    [{ comparator: 'full_coverage', target: { year: 2025, value: 100 } }, '全覆盖'],
    [{ comparator: 'annual_decrease', unit: '个百分点', target: { year: 2025, value: 0.5 } }, '每年降低 0.5个百分点'],
    [{ comparator: 'annual_increase', unit: '册', target: { year: 2025, value: 0 } }, '只增不减'],
    [{ comparator: 'pass', unit: '', target: { year: 2025, value: 1 } }, '通过认定/建成'],
  ] as [Partial<PlanTarget>, string][])('%o → %s', (over, want) => {
    expect(targetText(target(over))).toBe(want)
  })
  it('states a count target in 万人', () => expect(targetText(enrolment)).toBe('3.0万人'))
  it('knows which direction is better', () => {
    expect(lowerIsBetter('eliminate')).toBe(true)
    expect(lowerIsBetter('<=')).toBe(true)
    expect(lowerIsBetter('annual_decrease')).toBe(true)
    expect(lowerIsBetter('>=')).toBe(false)
    expect(lowerIsBetter('=')).toBe(false)
  })
})

describe('main targets and counts', () => {
  it('takes the 主要指标 rows in order', () => {
    const ts = [target({ id: 'a', origin: 'text' }), target({ id: 'b', origin: 'main_table' }), target({ id: 'c', origin: 'main_table' })]
    expect(mainTargets(ts).map((t) => t.id)).toEqual(['b', 'c'])
    expect(mainTargets([target({ id: 'x' })]).map((t) => t.id)).toEqual(['x'])
  })
  it('counts statuses; unknown counts as no data', () => {
    const c = countStatuses([{ status: 'achieved' }, { status: 'achieved' }, { status: 'off_track' }, { status: 'weird' }])
    expect(c).toEqual({ achieved: 2, on_track: 0, at_risk: 0, off_track: 1, no_data: 1 })
    expect(totalOf(c)).toBe(4)
  })
  it('counts each commitment once, like the overview and the report (109, not 115)', () => {
    const ts = [target({ id: 'a' }), target({ id: 'b' }), target({ id: 'c', same_as: 'a' })]
    expect(commitmentCount(ts)).toEqual({ n: 2, repeats: 1 })
  })
})

describe('rankUnits', () => {
  const rows = [
    { code: 'a', name: 'A', value: 90 },
    { code: 'b', name: 'B', value: null },
    { code: 'c', name: 'C', value: 95 },
    { code: 'd', name: 'D', value: 90 },
    { code: 'e', name: 'E', value: 80 },
  ]
  it('ranks best first with shared ranks for ties and missing last', () => {
    expect(rankUnits(rows).map((r) => [r.code, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['e', 4],
      ['b', null],
    ])
  })
  it('ranks ascending when lower is better', () => {
    expect(rankUnits(rows, true).map((r) => r.code)).toEqual(['e', 'a', 'd', 'c', 'b'])
  })
})

describe('requiredPath', () => {
  it('is linear from baseline to target', () => {
    expect(requiredPath({ year: 2020, value: 90 }, { year: 2025, value: 95 }, [2019, 2020, 2022, 2025, 2026])).toEqual([
      null,
      90,
      92,
      95,
      null,
    ])
  })
  it('is empty without a baseline before the target', () => {
    expect(requiredPath(null, { year: 2025, value: 95 }, [2020])).toEqual([null])
    expect(requiredPath({ year: 2025, value: 1 }, { year: 2025, value: 95 }, [2025])).toEqual([null])
  })
})
