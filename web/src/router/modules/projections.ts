// 预测规划.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/projections',
    name: 'projections',
    component: () => import('@/views/projections/ProjectionView.vue'),
    meta: { titleKey: 'nav.projection', permission: 'read_aggregates', notForSchool: true },
  },
] satisfies RouteRecordRaw[]
