// The county map's ECharts option: townships of the uploaded GeoJSON coloured by one indicator
// (a continuous visualMap is the legend), townships without a value in grey. Pure, unit-tested.
import type { ChartOption } from './echarts'
import type { TownshipGeoJson } from '@/api/map'

export const TOWNSHIP_MAP = 'zj-townships'

export interface MapValue {
  code: string
  name: string
  value: number | null
}

export interface MapOptionInput {
  values: MapValue[]
  /** Indicator name for the tooltip and the legend. */
  label: string
  format: (v: number | null) => string
  /** Lower values are better (e.g. 大班额比例): the scale is reversed so green stays good. */
  lowerBetter?: boolean
  dark?: boolean
  /** Font scale (the 大屏 grows with the screen). */
  scale?: number
}

/** Townships of the map that have no value row (shown grey, named in the tooltip). */
export function featureCodes(geojson: TownshipGeoJson | undefined): string[] {
  return (geojson?.features ?? []).map((f) => f.properties.code)
}

export function townshipMapOption(input: MapOptionInput): ChartOption {
  const scale = input.scale ?? 1
  const numbers = input.values.map((v) => v.value).filter((v): v is number => v !== null && Number.isFinite(v))
  const min = numbers.length ? Math.min(...numbers) : 0
  const max = numbers.length ? Math.max(...numbers) : 1
  const colors = ['#d4380d', '#fadb14', '#389e0d']
  const text = input.dark ? '#cfe3ff' : '#303133'
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { township?: string; value?: number | null }; name: string }) =>
        `${p.data?.township ?? p.name}<br/>${input.label}：${input.format(p.data?.value ?? null)}`,
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max > min ? max : min + 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120 * scale,
      text: [input.format(max), input.format(min)],
      textStyle: { color: text, fontSize: 12 * scale },
      inRange: { color: input.lowerBetter ? [...colors].reverse() : colors },
    },
    series: [
      {
        type: 'map',
        map: TOWNSHIP_MAP,
        nameProperty: 'code',
        roam: false,
        top: 8,
        bottom: 40 * scale,
        itemStyle: { areaColor: input.dark ? '#2a3b5c' : '#d9d9d9', borderColor: input.dark ? '#0b1f45' : '#fff' },
        emphasis: { label: { show: true, color: text }, itemStyle: { areaColor: '#5ad1ff' } },
        select: { disabled: true },
        label: { show: false },
        data: input.values.map((v) => ({ name: v.code, value: v.value, township: v.name })),
      },
    ],
  }
}

/** The upload report as rows for the page: errors first (by feature), then the missing townships. */
export function mapReportRows(report: {
  errors: { feature: number; message: string }[]
  missing: string[]
}): { kind: 'error' | 'warning'; feature: string; message: string }[] {
  const rows: { kind: 'error' | 'warning'; feature: string; message: string }[] = report.errors.map((e) => ({
    kind: 'error',
    feature: e.feature >= 0 ? String(e.feature + 1) : '—',
    message: e.message,
  }))
  for (const m of report.missing) rows.push({ kind: 'warning', feature: '—', message: `乡镇没有边界：${m}` })
  return rows
}

/** Whether an account may upload the county map: county staff bound to the county itself. */
export function canUploadMap(role: string | null | undefined, unitCode: string | null | undefined, countyCode: string): boolean {
  return role === 'county_staff' && !!unitCode && unitCode === countyCode
}
