// ECharts, imported on demand: only the chart types and components the pages draw.
import { use } from 'echarts/core'
export { registerMap } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, LineChart, MapChart } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'

use([
  CanvasRenderer,
  BarChart,
  LineChart,
  MapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  VisualMapComponent,
  AriaComponent,
])

export type { EChartsCoreOption as ChartOption } from 'echarts/core'

/** The palette shared by all charts (政务蓝 first). */
export const CHART_COLORS = ['#1f5fbf', '#d4380d', '#389e0d', '#d48806', '#7a4fd1', '#08979c', '#c41d7f']
