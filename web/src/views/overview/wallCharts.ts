// ECharts options of the 大屏: attainment by plan section (stacked bars, full section names) and
// the township ranking (bars). Sizes scale with the screen (`s` = screen width / 1920, bounded by
// the height) so a 4K wall gets the same layout at twice the size. Pure; unit-tested.
import type { ChartOption } from '@/utils/echarts'
import type { StatusCounts, TargetStatus } from '@/api/types'
import type { RankedUnit } from '@/utils/plan'

export const WALL_STATUS_COLORS: Record<TargetStatus, string> = {
  achieved: '#52c41a',
  on_track: '#1890ff',
  at_risk: '#faad14',
  off_track: '#ff4d4f',
  no_data: '#8c9bb0',
}

const TEXT = '#cfe3ff'
const AXIS = 'rgba(120,170,240,0.35)'

export function sectionsOption(
  sections: readonly { title: string; counts: StatusCounts }[],
  order: readonly TargetStatus[],
  label: (s: TargetStatus) => string,
  s: number,
): ChartOption {
  const names = sections.map((x) => x.title)
  return {
    grid: { left: 8 * s, right: 16 * s, top: 34 * s, bottom: 4 * s, containLabel: true },
    legend: { top: 0, textStyle: { color: TEXT, fontSize: 13 * s }, itemWidth: 14 * s, itemHeight: 10 * s },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: { fontSize: 13 * s } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 12 * s }, splitLine: { lineStyle: { color: AXIS } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisLabel: { color: TEXT, fontSize: 13 * s, width: 200 * s, overflow: 'break', lineHeight: 16 * s },
      axisLine: { lineStyle: { color: AXIS } },
    },
    series: order.map((st) => ({
      name: label(st),
      type: 'bar',
      stack: 'n',
      barMaxWidth: 22 * s,
      itemStyle: { color: WALL_STATUS_COLORS[st] },
      label: { show: true, color: '#fff', fontSize: 12 * s, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      data: sections.map((x) => x.counts[st]),
    })),
  }
}

export function rankingOption(rows: readonly RankedUnit[], format: (v: number | null) => string, s: number): ChartOption {
  const shown = rows.filter((r) => r.value !== null)
  return {
    grid: { left: 8 * s, right: 60 * s, top: 8 * s, bottom: 4 * s, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: { fontSize: 13 * s } },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: AXIS } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((r) => `${r.rank ?? ''}  ${r.name}`),
      axisLabel: { color: TEXT, fontSize: 13 * s },
      axisLine: { lineStyle: { color: AXIS } },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18 * s,
        data: shown.map((r) => r.value),
        itemStyle: {
          color: { type: 'linear', x: 0, y: 0, x2: 1, y2: 0, colorStops: [{ offset: 0, color: '#1b8fd1' }, { offset: 1, color: '#5ad1ff' }] },
          borderRadius: [0, 3 * s, 3 * s, 0],
        },
        label: { show: true, position: 'right', color: '#fff', fontSize: 12 * s, formatter: (p: { value: number }) => format(p.value) },
      },
    ],
  }
}
