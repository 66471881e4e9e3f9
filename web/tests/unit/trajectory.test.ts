// The trajectory chart of a plan target: axis years, actual values, required path, forecast.
import { describe, expect, it } from 'vitest'
import type { PlanTarget } from '@/api/types'
import { trajectoryOption, trajectoryYears } from '@/views/plan/trajectory'

const target: PlanTarget = {
  id: 'main.preschool_ger',
  quote: '学前教育毛入园率（%）',
  unit: '%',
  baseline: { year: 2020, value: 90 },
  target: { year: 2025, value: 95 },
  comparator: '>',
  attribute: '预期性',
  section: 'p2.3.main',
}
const labels = { actual: '实际值', required: '达标路径', forecast: '预测', target: '目标值' }

describe('trajectory', () => {
  it('spans from the baseline (or first value) to the target year', () => {
    const actual = [2015, 2016, 2020, 2021, 2022].map((year) => ({ year, value: year >= 2020 ? 90 + (year - 2020) : null }))
    expect(trajectoryYears({ target, actual, forecast: null })).toEqual([2020, 2021, 2022, 2023, 2024, 2025])
    const early = [{ year: 2018, value: 88 }]
    expect(trajectoryYears({ target, actual: early, forecast: null })[0]).toBe(2018)
  })

  it('draws actuals, the required path, the forecast to the target year and the target mark', () => {
    const actual = [
      { year: 2020, value: 90 },
      { year: 2021, value: 91 },
      { year: 2022, value: 91.5 },
    ]
    const opt = trajectoryOption({ target, actual, forecast: 93 }, labels)
    const [act, req, fc] = opt.series
    expect(opt.xAxis.data).toEqual(['2020', '2021', '2022', '2023', '2024', '2025'])
    expect(act?.data).toEqual([90, 91, 91.5, null, null, null])
    expect(req?.data).toEqual([90, 91, 92, 93, 94, 95])
    expect(fc?.data).toEqual([null, null, 91.5, null, null, 93])
    expect(act?.markLine?.data).toEqual([{ yAxis: 95 }])
  })

  it('shows counts in the plan unit when the plan states one', () => {
    const t = { ...target, unit: '人', display_unit: '万人', display_scale: 10000, baseline: { year: 2020, value: 29000 }, target: { year: 2025, value: 30000 } }
    const opt = trajectoryOption({ target: t, actual: [{ year: 2020, value: 29500 }], forecast: null }, labels)
    expect(opt.yAxis.name).toBe('万人')
    expect(opt.series[0]?.data[0]).toBe(2.95)
    expect(opt.series[2]?.data.every((v) => v === null)).toBe(true)
  })
})
