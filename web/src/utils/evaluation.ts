// Pure helpers of the 督导评估 page: cell display (failing cells carry a ✗ and a text, not only a
// colour), the 差异系数 chart against its limit, sorting failing schools first, money.
import { comparatorSymbol } from './format'
import type { ChartOption } from './echarts'
import type { EvalSchool, EvalStage } from '@/api/evaluation'

export interface CellView {
  text: string
  failing: boolean
  /** Screen-reader text, e.g. "4.00，未达标（标准 ≥ 4.5）". */
  label: string
}

export function formatNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  return v.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: digits })
}

/** The display of one school's indicator value. */
export function cellView(
  stage: EvalStage,
  school: EvalSchool,
  key: string,
  words: { met: string; notMet: string; standard: string },
): CellView {
  const ind = stage.indicators.find((i) => i.key === key)
  const v = school.values[key]
  const failing = school.met[key] === false
  const digits = ind && /人|个|间|台|册/.test(ind.unit) && !ind.unit.includes('/') ? 0 : 2
  const text = (failing ? '✗ ' : '') + formatNumber(v, digits)
  const std = ind?.standard ? `${words.standard} ${comparatorSymbol(ind.comparator)} ${formatNumber(ind.standard.value)}` : ''
  const label = `${formatNumber(v, digits)}，${failing ? words.notMet : words.met}${std ? `（${std}）` : ''}`
  return { text, failing, label }
}

/** Failing schools first (fewest met indicators first), then by code. */
export function sortSchools(schools: EvalSchool[]): EvalSchool[] {
  return [...schools].sort((a, b) => {
    if (a.pass !== b.pass) return a.pass ? 1 : -1
    if (a.met_count !== b.met_count) return a.met_count - b.met_count
    return a.code.localeCompare(b.code)
  })
}

/** Bars of each indicator's 差异系数 with the limit as a marked line; bars over it get a ✗ label. */
export function cvChartOption(stage: EvalStage, limitLabel: string): ChartOption | null {
  const keys = stage.indicators.map((i) => i.key).filter((k) => k in stage.cv)
  if (!keys.length) return null
  const limit = stage.cv_limit ?? stage.composite_cv_limit ?? null
  const names = keys.map((k) => stage.indicators.find((i) => i.key === k)?.name_zh ?? k)
  const data = keys.map((k) => {
    const v = stage.cv[k] ?? null
    const over = stage.cv_limit !== null && stage.cv_met[k] === false
    return {
      value: v ?? 0,
      itemStyle: { color: over ? '#c62828' : '#1f5fbf', decal: over ? { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -0.7 } : undefined },
      label: { show: true, position: 'right', formatter: `${over ? '✗ ' : ''}${v === null ? '—' : v.toFixed(3)}` },
    }
  })
  return {
    aria: { decal: { show: true } },
    grid: { left: 8, right: 70, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', max: (m: { max: number }) => Math.ceil(Math.max(m.max, limit ?? 0) * 11.5) / 10 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data,
        barMaxWidth: 18,
        markLine:
          limit === null
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { color: '#b26a00', type: 'dashed', width: 2 },
                label: { formatter: `${limitLabel} ${limit}` },
                data: [{ xAxis: limit }],
              },
      },
    ],
  }
}

export function formatYuan(v: number): string {
  if (Math.abs(v) >= 1e4) return `${formatNumber(v / 1e4, 2)} 万元`
  return `${formatNumber(v, 0)} 元`
}
