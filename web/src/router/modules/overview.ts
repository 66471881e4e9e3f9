// 总览 and its wall-display (大屏) mode.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/overview',
    name: 'overview',
    component: () => import('@/views/overview/OverviewView.vue'),
    meta: { titleKey: 'nav.overview', permission: 'read_aggregates' },
  },
  {
    path: '/wall',
    name: 'wall',
    component: () => import('@/views/overview/WallView.vue'),
    meta: { titleKey: 'app.wall', permission: 'read_aggregates', layout: 'bare' },
  },
] satisfies RouteRecordRaw[]
