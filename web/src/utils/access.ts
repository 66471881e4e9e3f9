// Which pages an account may open and where it lands after signing in, from the permissions the
// server reports (/me, login). The server enforces the same rules on every request; this only
// keeps the interface from offering what would be refused.
import type { Permission, User } from '@/api/types'

/** A school account's own school (its scope is bound to a 10-digit 学校标识码). */
export function ownSchool(user: User | null): string | null {
  return user?.role === 'school' && user.unit_code ? user.unit_code : null
}

export function can(permissions: readonly Permission[], needed: Permission | undefined): boolean {
  return needed === undefined || permissions.includes(needed)
}

/** A school account may open only its own school's profile; others need the directory. */
export function canSeeSchool(user: User | null, permissions: readonly Permission[], schoolCode: string): boolean {
  if (!user) return false
  if (user.role === 'school') return ownSchool(user) === schoolCode
  return permissions.includes('read_directory')
}

/** The landing page of an account. */
export function homePath(user: User | null, permissions: readonly Permission[]): string {
  if (!user) return '/login'
  const school = ownSchool(user)
  if (school) return `/schools/${school}`
  if (permissions.includes('read_aggregates')) return '/overview'
  if (permissions.includes('manage_users')) return '/system/users'
  if (permissions.includes('read_audit')) return '/system/audit'
  if (permissions.includes('read_directory')) return '/schools'
  return '/forbidden'
}

/** Only same-site paths are accepted as a post-login redirect (no "//host" or "http:"). */
export function safeRedirect(target: unknown): string | null {
  if (typeof target !== 'string') return null
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return null
  return target
}
