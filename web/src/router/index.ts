// The router: public login page, role-guarded route modules per area, lazy views. The guard
// restores the session once (GET /me), sends signed-out users to /login?redirect=…, keeps each
// role on the pages it may open and a school account on its own school.
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import type { Permission } from '@/api/types'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { can, canSeeSchool, homePath } from '@/utils/access'
import overview from './modules/overview'
import plan from './modules/plan'
import projections from './modules/projections'
import indicators from './modules/indicators'
import evaluation from './modules/evaluation'
import schools from './modules/schools'
import system from './modules/system'
import dataImport from './modules/import'
import ledger from './modules/ledger'
import reports from './modules/reports'

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?: string
    permission?: Permission
    /** County directory pages a school account does not get (it sees its own school only). */
    notForSchool?: boolean
    public?: boolean
    layout?: 'bare' | 'shell'
    schoolScoped?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { titleKey: 'login.title', public: true, layout: 'bare' },
  },
  { path: '/', name: 'home', redirect: () => home() },
  ...overview,
  ...plan,
  ...projections,
  ...indicators,
  ...evaluation,
  ...schools,
  ...ledger,
  ...reports,
  ...system,
  ...dataImport,
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/views/errors/ForbiddenView.vue'),
    meta: { titleKey: 'common.notAllowed' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/errors/NotFoundView.vue'),
    meta: { titleKey: 'common.notFound', public: true },
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

function home(): string {
  const session = useSessionStore()
  return homePath(session.user, session.permissions)
}

/** Starts loading the lazy view chunks of a route (the loader caches the promise). */
function prefetch(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    const c = record.components?.default
    if (typeof c === 'function' && !('__vccOpts' in c) && !('setup' in c) && c.length === 0) {
      void (c as () => Promise<unknown>)().catch(() => undefined)
    }
  }
}

router.beforeEach(async (to) => {
  const session = useSessionStore()
  // The view's code downloads while the session is being restored.
  prefetch(to)
  await Promise.all([session.restore(), session.loadInfo()])
  if (to.meta.public) {
    if (to.name === 'login' && session.loggedIn) return home()
    return true
  }
  if (!session.loggedIn) return { name: 'login', query: { redirect: to.fullPath } }
  const isSchool = session.user?.role === 'school'
  if (to.meta.schoolScoped && !canSeeSchool(session.user, session.permissions, String(to.params.code ?? ''))) {
    return { name: 'forbidden' }
  }
  if (can(session.permissions, to.meta.permission) && !(isSchool && to.meta.notForSchool)) return true
  // Landing on a page the account does not get: its home, unless that is where it was going.
  const target = home()
  return target === to.path ? '/forbidden' : target
})

router.afterEach((to) => {
  const t = i18n.global.t
  const county = useSessionStore().countyName
  const page = to.meta.titleKey ? t(to.meta.titleKey) : ''
  document.title = [page, county, t('app.short')].filter(Boolean).join(' · ')
})
