// 班额 levels: the same rules as big_class_count (≥ 56, 超大班额 included) and super_big_class_count
// (≥ 66, a subset) in 小学
// and 初中; 标准班额 per stage and grade; rules from the catalog parameters.
import { describe, expect, it } from 'vitest'
import { classSizeLevel, countBigClasses, rulesFromParams, standardSize } from '@/utils/class_size'

describe('classSizeLevel', () => {
  it.each([
    ['primary', 3, 45, 'ok'],
    ['primary', 3, 46, 'over_standard'],
    ['primary', 3, 55, 'over_standard'],
    ['primary', 3, 56, 'big'],
    ['primary', 3, 65, 'big'],
    ['primary', 3, 66, 'huge'],
    ['junior', 1, 50, 'ok'],
    ['junior', 1, 51, 'over_standard'],
    ['junior', 2, 70, 'huge'],
    ['general_senior', 1, 60, 'over_standard'],
    ['general_senior', 1, 50, 'ok'],
    ['kindergarten', 1, 26, 'over_standard'],
    ['kindergarten', 3, 35, 'ok'],
    ['kindergarten', 3, 60, 'over_standard'],
    ['special', 1, 12, 'ok'],
  ] as const)('%s grade %s size %s → %s', (stage, grade, size, want) => {
    expect(classSizeLevel(stage, grade, size)).toBe(want)
  })
  it('knows the kindergarten standards per grade', () => {
    expect([1, 2, 3].map((g) => standardSize('kindergarten', g))).toEqual([25, 30, 35])
    expect(standardSize('special', 1)).toBeNull()
  })
  it('counts 大班额 (超大班额 included) and 超大班额, like the indicators', () => {
    const classes = [
      { stage: 'primary', grade: 1, size: 56 },
      { stage: 'junior', grade: 1, size: 65 },
      { stage: 'primary', grade: 1, size: 66 },
      { stage: 'primary', grade: 1, size: 40 },
      { stage: 'general_senior', grade: 1, size: 70 },
      { stage: 'kindergarten', grade: 1, size: 70 },
    ]
    expect(countBigClasses(classes)).toEqual({ big: 3, huge: 1 })
  })
  it('takes thresholds from the catalog parameters', () => {
    const rules = rulesFromParams([
      { code: 'big_class_min', value: 46 },
      { code: 'super_big_class_min', value: 56 },
      { code: 'standard_class_primary', value: 40 },
    ])
    expect(classSizeLevel('primary', 1, 46, rules)).toBe('big')
    expect(classSizeLevel('primary', 1, 56, rules)).toBe('huge')
    expect(classSizeLevel('primary', 1, 41, rules)).toBe('over_standard')
    expect(classSizeLevel('junior', 1, 45, rules)).toBe('ok')
    expect(classSizeLevel('junior', 1, 50, rules)).toBe('big')
  })
})
