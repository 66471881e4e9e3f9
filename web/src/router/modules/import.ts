// 数据导入: templates, uploads with per-cell checking, the import history with undo.
import type { RouteRecordRaw } from 'vue-router'

export default [
  {
    path: '/import',
    name: 'import',
    component: () => import('@/views/import/ImportView.vue'),
    meta: { titleKey: 'nav.import', permission: 'write_data' },
  },
] satisfies RouteRecordRaw[]
