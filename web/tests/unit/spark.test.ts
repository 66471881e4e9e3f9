// Sparkline geometry.
import { describe, expect, it } from 'vitest'
import { sparkPath } from '@/utils/spark'

describe('sparkPath', () => {
  it('scales values into the box (higher value = smaller y)', () => {
    const g = sparkPath([0, 10], 100, 20, 0)
    expect(g.path).toBe('M0 20 L100 0')
    expect(g.last).toEqual({ x: 100, y: 0 })
  })
  it('breaks the line at missing values', () => {
    const g = sparkPath([1, null, 3, 5], 30, 10, 0)
    expect(g.path).toBe('M0 10 M20 5 L30 0')
  })
  it('draws a flat line in the middle for constant values and nothing for no values', () => {
    expect(sparkPath([4, 4], 10, 10, 0).path).toBe('M0 5 L10 5')
    expect(sparkPath([null, null], 10, 10)).toEqual({ path: '', last: null })
    expect(sparkPath([7], 10, 10).last).toEqual({ x: 5, y: 5 })
  })
})
