// Number, percentage, school-year and status formatting shared by every page. Pure functions,
// unit-tested in tests/unit/format.test.ts. Rules: counts ≥ 1万 are shown in 万 with one decimal
// (29123 → "2.9万"), percentages with one decimal, school years as "2020学年" or "2020–2021".
import type { TargetStatus } from '@/api/types'
import zhCN from '@/i18n/locales/zh-CN'
import en from '@/i18n/locales/en'

export type Locale = 'zh-CN' | 'en'

export const EMPTY = '—'

/** Rounds half away from zero at `digits` decimals, without 1.005 → 1.00 float surprises. */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits
  const shifted = Math.abs(value) * f
  const r = Math.round(Number(shifted.toPrecision(15))) / f
  return value < 0 ? -r : r
}

function isMissing(v: number | null | undefined): v is null | undefined {
  return v === null || v === undefined || !Number.isFinite(v)
}

/** Fixed decimals with thousands separators: 12345.6 → "12,345.6". */
export function formatFixed(value: number | null | undefined, digits: number): string {
  if (isMissing(value)) return EMPTY
  const r = roundTo(value, digits)
  return r.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** Up to `maxDigits` decimals, trailing zeros dropped: 8.5 → "8.5", 10.40 → "10.4", 3 → "3". */
export function formatTrimmed(value: number | null | undefined, maxDigits = 2): string {
  if (isMissing(value)) return EMPTY
  const r = roundTo(value, maxDigits)
  return r.toLocaleString('en-US', { maximumFractionDigits: maxDigits })
}

/**
 * A head count. Below 10 000 it is shown in full ("9,876"); from 10 000 on in 万 with one decimal
 * ("2.9万"), or in English as thousands ("29.1k"). Values ≥ 1亿 use 亿.
 */
export function formatCount(value: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (isMissing(value)) return EMPTY
  const abs = Math.abs(value)
  if (locale === 'en') {
    if (abs >= 1e6) return `${formatTrimmed(value / 1e6, 1)}M`
    if (abs >= 1e4) return `${formatTrimmed(value / 1e3, 1)}k`
    return formatTrimmed(value, 0)
  }
  if (abs >= 1e8) return `${formatFixed(value / 1e8, 1)}亿`
  if (abs >= 1e4) return `${formatFixed(value / 1e4, 1)}万`
  return formatTrimmed(value, 0)
}

/** A value already in percent points: 95.234 → "95.2%". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (isMissing(value)) return EMPTY
  return `${formatFixed(value, digits)}%`
}

/** Units whose values are head counts or other integers that get 万 formatting. */
const COUNT_UNITS = new Set(['人', '所', '个', '班', '名', '间', '台', '册', '本', '人次', 'count'])

/**
 * An indicator or target value in its unit: "%" → one decimal with "%"; counts → 万 rule with the
 * unit appended ("2.9万人"); values already in 万 keep up to two decimals ("2.25万人"); others
 * (年, 元, ratios) up to two decimals with the unit.
 */
export function formatValue(value: number | null | undefined, unit: string, locale: Locale = 'zh-CN'): string {
  if (isMissing(value)) return EMPTY
  const u = unit ?? ''
  if (u === '%' || u === 'percent') return formatPercent(value)
  if (COUNT_UNITS.has(u)) {
    const text = formatCount(value, locale)
    return u === 'count' ? text : `${text}${locale === 'en' ? ' ' : ''}${u}`
  }
  if (u.startsWith('万')) return `${formatTrimmed(value, 2)}${u}`
  // 生师比 and the like: "12.8:1".
  if (u === '比') return `${formatTrimmed(value, 1)}:1`
  return u ? `${formatTrimmed(value, 2)}${locale === 'en' && !/^[%‰]/.test(u) ? ' ' : ''}${u}` : formatTrimmed(value, 2)
}

/** School year by its autumn year: 2020 → "2020学年" (en: "2020/21"). */
export function formatSchoolYear(year: number | null | undefined, locale: Locale = 'zh-CN'): string {
  if (year === null || year === undefined || !Number.isInteger(year)) return EMPTY
  if (locale === 'en') return `${year}/${String((year + 1) % 100).padStart(2, '0')}`
  return `${year}学年`
}

/** School year as its span of calendar years: 2020 → "2020–2021". */
export function formatSchoolYearSpan(year: number | null | undefined): string {
  if (year === null || year === undefined || !Number.isInteger(year)) return EMPTY
  return `${year}–${year + 1}`
}

/** A range of school years: (2020, 2025) → "2020–2025学年"; a single year → "2020学年". */
export function formatYearRange(from: number, to: number, locale: Locale = 'zh-CN'): string {
  if (from === to) return formatSchoolYear(from, locale)
  return locale === 'en' ? `${from}–${to}` : `${from}–${to}学年`
}

export interface StatusMeta {
  status: TargetStatus
  /** Element Plus tag type; never the only signal — icon and label go with it. */
  tone: 'success' | 'primary' | 'warning' | 'danger' | 'info'
  /** A glyph that distinguishes the status without colour. */
  icon: string
  label: string
}

const STATUS_LABELS: Record<Locale, Record<TargetStatus, string>> = {
  'zh-CN': zhCN.status,
  en: en.status,
}

const STATUS_STYLE: Record<TargetStatus, Pick<StatusMeta, 'tone' | 'icon'>> = {
  achieved: { tone: 'success', icon: '✔' },
  on_track: { tone: 'primary', icon: '➚' },
  at_risk: { tone: 'warning', icon: '⚠' },
  off_track: { tone: 'danger', icon: '✖' },
  no_data: { tone: 'info', icon: '？' },
}

export const STATUS_ORDER: TargetStatus[] = ['off_track', 'at_risk', 'on_track', 'achieved', 'no_data']

export function isTargetStatus(s: string): s is TargetStatus {
  return s in STATUS_STYLE
}

/** Label, tone and icon of a plan-target status; unknown strings are treated as no_data. */
export function statusMeta(status: string, locale: Locale = 'zh-CN'): StatusMeta {
  const s: TargetStatus = isTargetStatus(status) ? status : 'no_data'
  return { status: s, ...STATUS_STYLE[s], label: STATUS_LABELS[locale][s] }
}

/** The comparator of a target in words a reader of the plan uses: ">=" → "≥". */
export function comparatorSymbol(c: string): string {
  switch (c) {
    case '>=':
      return '≥'
    case '<=':
      return '≤'
    case '>':
      return '＞'
    case '<':
      return '＜'
    case '=':
    case '==':
      return '＝'
    default:
      return c
  }
}

/** Unix seconds → "2024-09-01 08:05:03" in local time; 0 or missing → "—". */
export function formatDateTime(seconds: number | null | undefined): string {
  if (!seconds) return EMPTY
  const d = new Date(seconds * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}
