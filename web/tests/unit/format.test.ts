// Formatting rules: 万, percentages with one decimal, school years, status labels.
import { describe, expect, it } from 'vitest'
import {
  comparatorSymbol,
  formatCount,
  formatDateTime,
  formatPercent,
  formatSchoolYear,
  formatSchoolYearSpan,
  formatTrimmed,
  formatValue,
  formatYearRange,
  roundTo,
  statusMeta,
} from '@/utils/format'

describe('roundTo', () => {
  it.each([
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [95.25, 1, 95.3],
    [-1.25, 1, -1.3],
    [0.05, 1, 0.1],
  ])('%s at %s decimals → %s', (v, d, want) => expect(roundTo(v, d)).toBe(want))
})

describe('formatCount (万 rule)', () => {
  it.each([
    [0, '0'],
    [9876, '9,876'],
    [9999, '9,999'],
    [10000, '1.0万'],
    [29123, '2.9万'],
    [29000, '2.9万'],
    [64499, '6.4万'],
    [64500, '6.5万'],
    [123456789, '1.2亿'],
    [-15000, '-1.5万'],
  ])('%s → %s', (v, want) => expect(formatCount(v)).toBe(want))

  it('shows thousands in English', () => {
    expect(formatCount(29123, 'en')).toBe('29.1k')
    expect(formatCount(987, 'en')).toBe('987')
    expect(formatCount(2_500_000, 'en')).toBe('2.5M')
  })

  it('shows a dash for missing values', () => {
    expect(formatCount(null)).toBe('—')
    expect(formatCount(undefined)).toBe('—')
    expect(formatCount(Number.NaN)).toBe('—')
  })
})

describe('formatPercent', () => {
  it.each([
    [95, '95.0%'],
    [95.234, '95.2%'],
    [95.25, '95.3%'],
    [98.95, '99.0%'],
    [0, '0.0%'],
    [100, '100.0%'],
  ])('%s → %s', (v, want) => expect(formatPercent(v)).toBe(want))
  it('missing → —', () => expect(formatPercent(null)).toBe('—'))
})

describe('formatValue by unit', () => {
  it.each([
    [90.94, '%', '90.9%'],
    [29123, '人', '2.9万人'],
    [31, '个', '31个'],
    [2.25, '万人', '2.25万人'],
    [10.4, '年', '10.4年'],
    [8.512, '年', '8.51年'],
    [12.79, '比', '12.8:1'],
    [17, '比', '17:1'],
    [17.5, '', '17.5'],
    [null, '%', '—'],
  ])('%s %s → %s', (v, unit, want) => expect(formatValue(v, unit)).toBe(want))
  it('adds a space before units in English', () => {
    expect(formatValue(29123, '人', 'en')).toBe('29.1k 人')
  })
})

describe('school years', () => {
  it('formats the autumn year', () => {
    expect(formatSchoolYear(2020)).toBe('2020学年')
    expect(formatSchoolYear(2020, 'en')).toBe('2020/21')
    expect(formatSchoolYear(2009, 'en')).toBe('2009/10')
    expect(formatSchoolYear(2099, 'en')).toBe('2099/00')
    expect(formatSchoolYearSpan(2020)).toBe('2020–2021')
    expect(formatYearRange(2020, 2025)).toBe('2020–2025学年')
    expect(formatYearRange(2021, 2021)).toBe('2021学年')
  })
  it('rejects non-integers', () => {
    expect(formatSchoolYear(null)).toBe('—')
    expect(formatSchoolYear(2020.5)).toBe('—')
    expect(formatSchoolYearSpan(undefined)).toBe('—')
  })
})

describe('status labels', () => {
  it.each([
    ['achieved', '已达成', 'success', '✔'],
    ['on_track', '进展正常', 'primary', '➚'],
    ['at_risk', '存在风险', 'warning', '⚠'],
    ['off_track', '严重滞后', 'danger', '✖'],
    ['no_data', '暂无数据', 'info', '？'],
  ])('%s → %s', (s, label, tone, icon) => {
    const m = statusMeta(s)
    expect(m.label).toBe(label)
    expect(m.tone).toBe(tone)
    expect(m.icon).toBe(icon)
  })
  it('every status has a distinct icon (never colour alone)', () => {
    const icons = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'].map((s) => statusMeta(s).icon)
    expect(new Set(icons).size).toBe(5)
  })
  it('has English labels and treats unknown strings as no data', () => {
    expect(statusMeta('off_track', 'en').label).toBe('Off track')
    expect(statusMeta('bogus').status).toBe('no_data')
  })
})

describe('misc', () => {
  it('comparators read as the plan writes them', () => {
    expect(comparatorSymbol('>=')).toBe('≥')
    expect(comparatorSymbol('>')).toBe('＞')
    expect(comparatorSymbol('<=')).toBe('≤')
    expect(comparatorSymbol('approx')).toBe('approx')
  })
  it('trims trailing zeros', () => {
    expect(formatTrimmed(10.4)).toBe('10.4')
    expect(formatTrimmed(3)).toBe('3')
    expect(formatTrimmed(12345.678, 1)).toBe('12,345.7')
  })
  it('formats unix seconds in local time', () => {
    const s = new Date(2024, 8, 1, 8, 5, 3).getTime() / 1000
    expect(formatDateTime(s)).toBe('2024-09-01 08:05:03')
    expect(formatDateTime(0)).toBe('—')
  })
})
