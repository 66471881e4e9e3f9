// 班额 classification: 大班额 56–65, 超大班额 ≥ 66 in 中小学; 标准班额 per stage and grade.
import { describe, expect, it } from 'vitest'
import { classSizeLevel, countBigClasses, standardSize } from '@/utils/class_size'

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
    ['general_senior', 1, 60, 'big'],
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
  it('counts big classes including very big ones', () => {
    const classes = [
      { stage: 'primary', grade: 1, size: 56 },
      { stage: 'primary', grade: 1, size: 66 },
      { stage: 'primary', grade: 1, size: 40 },
      { stage: 'kindergarten', grade: 1, size: 70 },
    ]
    expect(countBigClasses(classes)).toEqual({ big: 2, huge: 1 })
  })
})
