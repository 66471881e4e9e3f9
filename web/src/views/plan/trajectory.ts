// The ECharts option of a target's trajectory: actual values by school year, the required path
// (straight line from the baseline to the target), the forecast (dashed, from the last actual to
// the target year) and the target as a horizontal mark. Values are in the plan's display unit.
import type { PlanTarget } from '@/api/types'
import { planDisplay, requiredPath } from '@/utils/plan'

export interface TrajectoryLabels {
  actual: string
  required: string
  forecast: string
  target: string
}

export interface TrajectoryInput {
  target: PlanTarget
  actual: { year: number; value: number | null }[]
  forecast: number | null | undefined
}

/**
 * The x axis: from the baseline year (or the first year with a value, if earlier) to the target
 * year (or the last year with data, if later).
 */
export function trajectoryYears(input: TrajectoryInput): number[] {
  const t = input.target
  const years = input.actual.map((a) => a.year)
  const withValue = input.actual.filter((a) => a.value !== null).map((a) => a.year)
  const first = Math.min(t.baseline?.year ?? Infinity, ...withValue, t.target.year)
  const last = Math.max(t.target.year, ...years)
  const out: number[] = []
  for (let y = first; y <= last; y++) out.push(y)
  return out
}

export function trajectoryOption(input: TrajectoryInput, labels: TrajectoryLabels, dark = false) {
  const t = input.target
  const years = trajectoryYears(input)
  const scale = (v: number | null | undefined) => planDisplay(v ?? null, t).value
  const actualByYear = new Map(input.actual.map((a) => [a.year, a.value]))
  const actual = years.map((y) => scale(actualByYear.get(y) ?? null))
  const baseline = t.baseline ? { year: t.baseline.year, value: scale(t.baseline.value) ?? 0 } : null
  const required = requiredPath(baseline, { year: t.target.year, value: scale(t.target.value) ?? 0 }, years)
  // Forecast: from the last actual value to the target year.
  let lastIdx = -1
  actual.forEach((v, i) => {
    if (v !== null) lastIdx = i
  })
  const forecastValue = scale(input.forecast)
  const forecast = years.map((y, i) => {
    if (forecastValue === null || lastIdx < 0) return null
    if (i === lastIdx) return actual[i] ?? null
    if (y === t.target.year && i > lastIdx) return forecastValue
    return null
  })
  const unit = planDisplay(0, t).unit
  const axisColor = dark ? '#9fbde8' : '#5b6b7f'
  const targetValue = scale(t.target.value)
  return {
    grid: { left: 56, right: 24, top: 36, bottom: 36 },
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.actual, labels.required, labels.forecast], top: 0, textStyle: { color: axisColor } },
    xAxis: {
      type: 'category',
      data: years.map(String),
      axisLabel: { color: axisColor },
    },
    yAxis: {
      type: 'value',
      name: unit,
      scale: true,
      axisLabel: { color: axisColor },
      nameTextStyle: { color: axisColor },
    },
    series: [
      {
        name: labels.actual,
        type: 'line',
        data: actual,
        symbolSize: 7,
        lineStyle: { width: 3 },
        markLine:
          targetValue === null
            ? undefined
            : {
                symbol: 'none',
                label: { formatter: `${labels.target} ${targetValue}${unit}`, position: 'insideEndTop' },
                lineStyle: { type: 'dotted', color: '#c62828' },
                data: [{ yAxis: targetValue }],
              },
      },
      {
        name: labels.required,
        type: 'line',
        data: required,
        symbol: 'none',
        connectNulls: true,
        lineStyle: { type: 'dashed', width: 1.5 },
      },
      {
        name: labels.forecast,
        type: 'line',
        data: forecast,
        connectNulls: true,
        symbol: 'diamond',
        symbolSize: 8,
        lineStyle: { type: [6, 4], width: 2 },
      },
    ],
  }
}
