// 规划监测.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/plan',
    name: 'plan',
    component: () => import('@/views/plan/PlanView.vue'),
    meta: { titleKey: 'nav.plan', permission: 'read_aggregates', notForSchool: true },
  },
] satisfies RouteRecordRaw[]
