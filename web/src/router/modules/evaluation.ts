// 督导评估.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/evaluation',
    name: 'evaluation',
    component: () => import('@/views/evaluation/EvaluationView.vue'),
    meta: { titleKey: 'nav.evaluation', permission: 'read_aggregates', notForSchool: true },
  },
] satisfies RouteRecordRaw[]
