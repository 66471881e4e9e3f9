// Cross-page session state: the public database info (synthetic flag, county, years, demo
// accounts), the signed-in user and the CSRF token used by the HTTP wrapper on writes.
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { MeResponse, Permission, PublicInfo, Role, User } from '@/api/types'

const CSRF_KEY = 'zhijiao.csrf'

function readCsrf(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY)
  } catch {
    return null
  }
}

function writeCsrf(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token)
    else sessionStorage.removeItem(CSRF_KEY)
  } catch {
    /* storage unavailable: token lives in memory only */
  }
}

export const useSessionStore = defineStore('session', () => {
  const info = ref<PublicInfo | null>(null)
  const infoError = ref<ApiError | null>(null)
  const user = ref<User | null>(null)
  const permissions = ref<Permission[]>([])
  /** The account's scope unit as /me reports it (county, township or school). */
  const unit = ref<MeResponse['unit']>(null)
  const csrfToken = ref<string | null>(readCsrf())
  /** Whether GET /me has been tried since the page loaded. */
  const restored = ref(false)

  const loggedIn = computed(() => user.value !== null)
  const role = computed<Role | null>(() => user.value?.role ?? null)
  const synthetic = computed(() => info.value?.synthetic === true)
  const years = computed(() => [...(info.value?.years ?? [])].sort((a, b) => a - b))
  const latestYear = computed(() => years.value.at(-1) ?? null)
  const countyCode = computed(() => info.value?.county_code ?? '')
  const countyName = computed(() => info.value?.county_name ?? '')

  async function loadInfo(force = false): Promise<void> {
    if (info.value && !force) return
    try {
      info.value = await authApi.info()
      infoError.value = null
    } catch (e) {
      infoError.value = e instanceof ApiError ? e : new ApiError('unknown', String(e), 0)
    }
  }

  function setSession(next: User | null, perms: Permission[], token?: string | null): void {
    user.value = next
    permissions.value = next ? perms : []
    if (!next) unit.value = null
    if (token !== undefined) {
      csrfToken.value = token
      writeCsrf(token)
    }
  }

  /** Restores the session from the cookie (GET /me) once per page load; a 401 means signed out. */
  async function restore(): Promise<void> {
    if (restored.value) return
    try {
      const me = await authApi.me()
      setSession(me.user, me.permissions ?? [], me.csrf_token ?? csrfToken.value)
      unit.value = me.unit ?? null
    } catch {
      setSession(null, [], null)
    } finally {
      restored.value = true
    }
  }

  async function login(username: string, password: string): Promise<User> {
    const res = await authApi.login(username, password)
    setSession(res.user, res.permissions ?? [], res.csrf_token)
    restored.value = true
    // The scope unit's name comes with /me; a failure here is not a failed login.
    authApi
      .me()
      .then((me) => (unit.value = me.unit ?? null))
      .catch(() => undefined)
    return res.user
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      setSession(null, [], null)
    }
  }

  /** Forgets the user without a request (after a 401). */
  function expire(): void {
    setSession(null, [], null)
  }

  function can(p: Permission): boolean {
    return permissions.value.includes(p)
  }

  function hasRole(...roles: Role[]): boolean {
    return role.value !== null && roles.includes(role.value)
  }

  return {
    info,
    infoError,
    user,
    permissions,
    unit,
    csrfToken,
    restored,
    loggedIn,
    role,
    synthetic,
    years,
    latestYear,
    countyCode,
    countyName,
    loadInfo,
    restore,
    login,
    logout,
    expire,
    hasRole,
    can,
  }
})
