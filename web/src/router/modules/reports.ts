// 报告: the plan evaluation report (年度 / 中期 / 总结) by school year, PDF or Excel.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/reports',
    name: 'reports',
    component: () => import('@/views/reports/ReportsView.vue'),
    meta: { titleKey: 'nav.reports', permission: 'read_aggregates', notForSchool: true },
  },
] satisfies RouteRecordRaw[]
