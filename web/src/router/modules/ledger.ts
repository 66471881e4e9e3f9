// 工作台账 (work ledger): the plan's tasks of the account's units; schools see their own.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/ledger',
    name: 'ledger',
    component: () => import('@/views/ledger/LedgerView.vue'),
    meta: { titleKey: 'nav.ledger', permission: 'read_aggregates' },
  },
] satisfies RouteRecordRaw[]
