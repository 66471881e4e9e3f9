// 督导评估 page helpers: failing cells carry a ✗ and a spoken "未达标" (not colour alone), failing
// schools sort first, the 差异系数 chart marks bars over the limit and draws the limit line.
import { describe, expect, it } from 'vitest'
import type { EvalSchool, EvalStage } from '@/api/evaluation'
import { cellView, cvChartOption, formatYuan, sortSchools } from '@/utils/evaluation'

const words = { met: '达标', notMet: '未达标', standard: '标准' }

function school(code: string, pass: boolean, met_count: number, value: number, met: boolean): EvalSchool {
  return {
    code,
    name: code,
    type_code: 211,
    enrolment: 100,
    share: 1,
    values: { teaching_area_per_student: value },
    met: { teaching_area_per_student: met },
    ratio: {},
    shortfall: {},
    met_count,
    pass,
    why: [],
  }
}

const stage: EvalStage = {
  stage: 'primary',
  stage_name: '小学',
  indicators: [
    {
      key: 'teaching_area_per_student',
      name_zh: '生均教学及辅助用房面积',
      unit: '㎡/生',
      comparator: '>=',
      standard: { value: 4.5, mark: 'verified', mark_name: '已核实', configured: false, source: '' },
      note: '',
    },
    { key: 'multimedia_rooms_per100', name_zh: '每百名学生拥有网络多媒体教室数', unit: '间/百生', comparator: '>=', standard: null, note: '' },
  ],
  cv: { teaching_area_per_student: 0.0930233, multimedia_rooms_per100: 1.0797 },
  cv_met: { teaching_area_per_student: true, multimedia_rooms_per100: false },
  cv_limit: 0.45,
  cv_limit_rule: null,
  county_values: {},
  school_count: 3,
  passing: 2,
  pass: false,
  schools: [],
}

describe('cellView', () => {
  it('marks a failing value with ✗ and says so in the label', () => {
    const v = cellView(stage, school('P3', false, 5, 4, false), 'teaching_area_per_student', words)
    expect(v.failing).toBe(true)
    expect(v.text).toBe('✗ 4')
    expect(v.label).toBe('4，未达标（标准 ≥ 4.5）')
  })
  it('shows a met value plainly', () => {
    const v = cellView(stage, school('P1', true, 7, 4.5, true), 'teaching_area_per_student', words)
    expect(v.failing).toBe(false)
    expect(v.text).toBe('4.5')
    expect(v.label).toContain('达标')
  })
  it('shows a dash for a missing value', () => {
    const s = school('X', true, 7, 0, true)
    s.values.teaching_area_per_student = null
    expect(cellView(stage, s, 'teaching_area_per_student', words).text).toBe('—')
  })
})

describe('sortSchools', () => {
  it('puts failing schools first, fewest met first, then by code', () => {
    const sorted = sortSchools([school('A', true, 7, 5, true), school('C', false, 5, 4, false), school('B', false, 4, 3, false), school('D', false, 5, 4, false)])
    expect(sorted.map((s) => s.code)).toEqual(['B', 'C', 'D', 'A'])
  })
})

describe('cvChartOption', () => {
  it('draws one bar per indicator, marks those over the limit and the limit line', () => {
    const o = cvChartOption(stage, '限值') as { series: { data: { label: { formatter: string } }[]; markLine: { data: { xAxis: number }[] } }[] }
    const bars = o.series[0]!
    expect(bars.data).toHaveLength(2)
    expect(bars.data[0]!.label.formatter).toBe('0.093')
    expect(bars.data[1]!.label.formatter).toBe('✗ 1.080')
    expect(bars.markLine.data[0]!.xAxis).toBe(0.45)
  })
  it('has nothing to draw without CVs', () => {
    expect(cvChartOption({ ...stage, cv: {} }, '限值')).toBeNull()
  })
})

describe('formatYuan', () => {
  it('uses 万元 from ten thousand', () => {
    expect(formatYuan(60000)).toBe('6 万元')
    expect(formatYuan(950)).toBe('950 元')
  })
})
