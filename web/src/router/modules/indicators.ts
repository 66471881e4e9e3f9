// 指标: catalog and the unit × year table with drill-down.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/indicators',
    name: 'indicators',
    component: () => import('@/views/indicators/IndicatorsView.vue'),
    meta: { titleKey: 'nav.indicators', permission: 'read_aggregates', notForSchool: true },
  },
] satisfies RouteRecordRaw[]
