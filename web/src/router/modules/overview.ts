// 总览 and its wall-display (大屏) mode. The overview is the landing page of county accounts, so
// it is part of the entry bundle (one round trip less before it is interactive).
import type { RouteRecordRaw } from 'vue-router'
import OverviewView from '@/views/overview/OverviewView.vue'

export default [
  {
    path: '/overview',
    name: 'overview',
    component: OverviewView,
    meta: { titleKey: 'nav.overview', permission: 'read_aggregates', notForSchool: true },
  },
  {
    path: '/wall',
    name: 'wall',
    component: () => import('@/views/overview/WallView.vue'),
    meta: { titleKey: 'app.wall', permission: 'read_aggregates', notForSchool: true, layout: 'bare' },
  },
] satisfies RouteRecordRaw[]
