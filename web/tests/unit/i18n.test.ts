// Both interface languages carry the same keys with non-empty text.
import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/locales/zh-CN'
import en from '@/i18n/locales/en'
import { gradeLabel } from '@/utils/codes'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}
function get(o: object, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown>)?.[k], o)
}

describe('locales', () => {
  it('have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('have no empty text and the same placeholders', () => {
    for (const k of keys(zhCN)) {
      const a = String(get(zhCN, k))
      const b = String(get(en, k))
      expect(a, k).not.toBe('')
      expect(b, k).not.toBe('')
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
      expect(ph(b), k).toEqual(ph(a))
    }
  })
  it('names the synthetic data visibly', () => {
    expect(zhCN.app.synthetic.startsWith('演示数据（合成）')).toBe(true)
  })
})

describe('grade labels', () => {
  it.each([
    ['primary', 3, 'zh-CN', '三年级'],
    ['junior', 1, 'zh-CN', '初一'],
    ['kindergarten', 2, 'zh-CN', '中班'],
    ['general_senior', 3, 'zh-CN', '高三'],
    ['special', 2, 'zh-CN', '特教2年级'],
    ['primary', 3, 'en', 'Primary G3'],
  ] as const)('%s %s %s → %s', (stage, grade, loc, want) => expect(gradeLabel(stage, grade, loc)).toBe(want))
})
