// 学校: the directory and a school's profile (a school account: its own school only).
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/schools',
    name: 'schools',
    component: () => import('@/views/schools/SchoolListView.vue'),
    meta: { titleKey: 'nav.schools', permission: 'read_directory', notForSchool: true },
  },
  {
    path: '/schools/:code',
    name: 'school',
    component: () => import('@/views/schools/SchoolProfileView.vue'),
    props: true,
    meta: { titleKey: 'schools.profile', permission: 'read_aggregates', schoolScoped: true },
  },
] satisfies RouteRecordRaw[]
