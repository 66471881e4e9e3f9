// 系统: accounts (manage_users) and the audit log (read_audit).
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/system/users',
    name: 'users',
    component: () => import('@/views/system/UsersView.vue'),
    meta: { titleKey: 'nav.users', permission: 'manage_users' },
  },
  {
    path: '/system/audit',
    name: 'audit',
    component: () => import('@/views/system/AuditView.vue'),
    meta: { titleKey: 'nav.audit', permission: 'read_audit' },
  },
] satisfies RouteRecordRaw[]
