// Pure helpers over plan targets and their status: the plan's display units (万人), target
// wording (≥95%, 全面消除 …), which direction is better, status counts, township ranking and the
// required path from baseline to target. Unit-tested in tests/unit/plan.test.ts.
import type { PlanSectionInfo, PlanTarget, StatusCounts, TargetStatus, TargetStatusRow } from '@/api/types'
import { comparatorSymbol, formatFixed, formatValue, roundTo, type Locale } from './format'

/** A value in the plan's own unit: 29123 人 with display 万人 (scale 10000) → 2.9123 万人. */
export function planDisplay(value: number | null | undefined, t: Pick<PlanTarget, 'unit' | 'display_unit' | 'display_scale'>) {
  const scale = t.display_scale && t.display_unit ? t.display_scale : 1
  return {
    value: value === null || value === undefined ? null : value / scale,
    unit: scale !== 1 && t.display_unit ? t.display_unit : t.unit,
  }
}

function decimalsOf(v: number): number {
  const text = String(roundTo(v, 6))
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

/**
 * A target's value formatted in the plan's unit ("2.9万人", "95.0%", "10.4年"). Values in 万 get
 * the precision the plan itself uses for the target (one decimal, two for 2.25万), never fewer
 * than one.
 */
export function formatTargetValue(
  value: number | null | undefined,
  t: Pick<PlanTarget, 'unit' | 'display_unit' | 'display_scale' | 'target' | 'baseline'>,
  locale: Locale = 'zh-CN',
): string {
  const d = planDisplay(value, t)
  if (d.unit.startsWith('万') && d.value !== null) {
    const planFigures = [t.target?.value, t.baseline?.value]
      .filter((v): v is number => typeof v === 'number')
      .map((v) => planDisplay(v, t).value ?? 0)
    const digits = Math.min(2, Math.max(1, ...planFigures.map(decimalsOf)))
    return `${formatFixed(d.value, digits)}${d.unit}`
  }
  return formatValue(d.value, d.unit, locale)
}

const LOWER_BETTER = new Set(['<', '<=', 'eliminate', 'annual_decrease'])

export function lowerIsBetter(comparator: string): boolean {
  return LOWER_BETTER.has(comparator)
}

/** The target as the plan states it: "＞95.0%", "全面消除", "每年降低 0.5个百分点", "≈3.0万人". */
export function targetText(t: PlanTarget, locale: Locale = 'zh-CN'): string {
  const en = locale === 'en'
  const v = formatTargetValue(t.target.value, t, locale)
  switch (t.comparator) {
    case 'eliminate':
      return en ? 'eliminate' : '全面消除'
    case 'full_coverage':
      return en ? 'full coverage' : '全覆盖'
    case 'pass':
      return en ? 'pass / complete' : '通过认定/建成'
    case 'annual_decrease':
      return en ? `−${v} a year` : `每年降低 ${v}`
    case 'annual_increase':
      return t.target.value === 0 ? (en ? 'no decrease' : '只增不减') : en ? `+${v} a year` : `每年增加 ${v}`
    case 'approx':
      return `≈${v}`
    case '=':
      return v
    default:
      return `${comparatorSymbol(t.comparator)}${v}`
  }
}

/** The 主要指标 table rows (cards of the overview), in plan order. */
export function mainTargets(targets: readonly PlanTarget[]): PlanTarget[] {
  const main = targets.filter((t) => t.origin === 'main_table')
  return main.length ? main : targets.slice(0, 12)
}

export function emptyCounts(): StatusCounts {
  return { achieved: 0, on_track: 0, at_risk: 0, off_track: 0, no_data: 0 }
}

export function countStatuses(rows: readonly { status: TargetStatus | string }[]): StatusCounts {
  const c = emptyCounts()
  for (const r of rows) {
    const s = (r.status in c ? r.status : 'no_data') as TargetStatus
    c[s]++
  }
  return c
}

/**
 * The count of targets shown everywhere (overview, PDF, 规划监测): each commitment once — targets
 * restating another (same_as) are left out, as the server's summary does.
 */
export function commitmentCount(targets: readonly { same_as?: string | null }[]): { n: number; repeats: number } {
  const repeats = targets.filter((t) => !!t.same_as).length
  return { n: targets.length - repeats, repeats }
}

export function totalOf(c: StatusCounts): number {
  return c.achieved + c.on_track + c.at_risk + c.off_track + c.no_data
}

/** Status rows indexed by target id. */
export function statusById(rows: readonly TargetStatusRow[]): Map<string, TargetStatusRow> {
  return new Map(rows.map((r) => [r.id, r]))
}

export interface RankedUnit {
  code: string
  name: string
  value: number | null
  rank: number | null
}

/**
 * Units ordered best first (descending, or ascending when lower is better); equal values share
 * a rank (1, 2, 2, 4); units without a value come last without a rank.
 */
export function rankUnits(
  rows: readonly { code: string; name: string; value: number | null }[],
  lowerBetter = false,
): RankedUnit[] {
  const withValue = rows.filter((r) => r.value !== null && Number.isFinite(r.value))
  const without = rows.filter((r) => !(r.value !== null && Number.isFinite(r.value)))
  const sorted = [...withValue].sort((a, b) =>
    lowerBetter ? (a.value as number) - (b.value as number) : (b.value as number) - (a.value as number),
  )
  const out: RankedUnit[] = []
  sorted.forEach((r, i) => {
    const prev = out[i - 1]
    const rank = prev && prev.value === r.value ? prev.rank : i + 1
    out.push({ ...r, rank })
  })
  return [...out, ...without.map((r) => ({ ...r, value: null, rank: null }))]
}

/** The straight line from the baseline to the target, one value per year in `years`. */
export function requiredPath(
  baseline: { year: number; value: number } | null | undefined,
  target: { year: number; value: number },
  years: readonly number[],
): (number | null)[] {
  if (!baseline || baseline.year >= target.year) return years.map(() => null)
  const slope = (target.value - baseline.value) / (target.year - baseline.year)
  return years.map((y) => (y < baseline.year || y > target.year ? null : baseline.value + slope * (y - baseline.year)))
}

export interface Alert {
  kind: 'off_track' | 'at_risk' | 'big_class' | 'gap' | 'data_warning'
  severity: 1 | 2 | 3
  title: string
  text: string
  to?: string
  /** 大班额 and 超大班额 counts of a unit (kind big_class). */
  classes?: { big: number; huge: number }
}

/**
 * The sections of the plan's parts (一、二、… under 第二/三/四部分) from the status summary, which
 * lists every section holding targets and its ancestors. With the section tree: kind "section";
 * without it: ids of the form p<part>.<n>.
 */
export function topSections<T extends { section_id: string; title?: string }>(summary: readonly T[], tree: readonly PlanSectionInfo[]): T[] {
  let out: T[]
  const parent = new Map(tree.map((s) => [s.id, s.parent]))
  if (tree.length) {
    const kinds = new Map(tree.map((s) => [s.id, s.kind]))
    out = summary.filter((s) => kinds.get(s.section_id) === 'section')
  } else {
    out = summary.filter((s) => /^p\d+\.\d+$/.test(s.section_id))
  }
  // The plan's areas (the part with most sections, 一、二、三… in order) first; sections of other
  // parts (发展目标, 保障) after them in plan order, named with their part so no number repeats.
  const partOf = (id: string) => parent.get(id) ?? (/^p(\d+)\./.exec(id) ? `part${/^p(\d+)\./.exec(id)![1]}` : '')
  const counts = new Map<string, number>()
  for (const x of out) counts.set(partOf(x.section_id), (counts.get(partOf(x.section_id)) ?? 0) + 1)
  const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''
  const partTitle = (id: string) => {
    const t = summary.find((x) => x.section_id === id)?.title ?? tree.find((x) => x.id === id)?.title ?? ''
    return /^第[一二三四五六七八九十]+部分/.exec(t)?.[0] ?? ''
  }
  const mains = out.filter((x) => partOf(x.section_id) === main)
  const others = out.filter((x) => partOf(x.section_id) !== main)
  mains.sort((a, b) => (chineseOrdinal(a.title ?? '') ?? 999) - (chineseOrdinal(b.title ?? '') ?? 999))
  return [
    ...mains,
    ...others.map((x) => {
      const part = partTitle(partOf(x.section_id))
      return part && x.title ? { ...x, title: `${part} · ${x.title}` } : x
    }),
  ]
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** The number of a heading "十二、…" → 12 (null without a leading Chinese numeral). */
export function chineseOrdinal(title: string): number | null {
  const m = /^\s*([一二三四五六七八九十]+)\s*[、．.]/.exec(title)
  if (!m) return null
  const text = m[1]!
  const ten = text.indexOf('十')
  if (ten < 0) return DIGITS[text] ?? null
  const tens = ten === 0 ? 1 : (DIGITS[text.slice(0, ten)] ?? 1)
  const ones = text.slice(ten + 1) ? (DIGITS[text.slice(ten + 1)] ?? 0) : 0
  return tens * 10 + ones
}

/** Whether a rise of the value is good (true), bad (false) or neither (null) for a target. */
export function higherIsBetter(comparator: string): boolean | null {
  if (lowerIsBetter(comparator)) return false
  if (['>', '>=', 'full_coverage', 'annual_increase', 'pass'].includes(comparator)) return true
  return null
}

export interface YearOnYear {
  /** value − previous (null when either is missing). */
  delta: number | null
  direction: 'up' | 'down' | 'flat'
  /** Whether the change is good for this target (neutral without a direction). */
  tone: 'good' | 'bad' | 'neutral'
}

/** 同比: this year's value against the previous school year's, judged by the target's direction. */
export function yearOnYear(value: number | null | undefined, previous: number | null | undefined, comparator: string): YearOnYear {
  if (value === null || value === undefined || previous === null || previous === undefined) {
    return { delta: null, direction: 'flat', tone: 'neutral' }
  }
  const delta = roundTo(value - previous, 6)
  const direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down'
  const better = higherIsBetter(comparator)
  const tone = direction === 'flat' || better === null ? 'neutral' : (direction === 'up') === better ? 'good' : 'bad'
  return { delta, direction, tone }
}

/** The change in words: "+1.2个百分点" for percentages, "−0.3万人" otherwise. */
export function formatDelta(
  delta: number,
  t: Pick<PlanTarget, 'unit' | 'display_unit' | 'display_scale' | 'target' | 'baseline'>,
  locale: Locale = 'zh-CN',
): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±'
  if (t.unit === '%') return `${sign}${formatFixed(Math.abs(delta), 1)}${locale === 'en' ? ' pts' : '个百分点'}`
  return `${sign}${formatTargetValue(Math.abs(delta), t, locale)}`
}
