// Accounts (manage_users, within the administrator's unit) and the audit log (read_audit).
import { http } from './http'
import type { AuditEntry, Role, User } from './types'

export interface NewUser {
  username: string
  display_name: string
  password: string
  role: Role
  unit_code: string
  view_personal: boolean
}

export interface UserPatch {
  display_name?: string
  role?: Role
  unit_code?: string
  disabled?: boolean
  view_personal?: boolean
  password?: string
}

export interface AuditQuery {
  /** Entries with seq > after_seq. */
  after_seq?: number
  /** 1..1000, default 100. */
  limit?: number
  actor?: string
  action?: string
  order?: 'asc' | 'desc'
}

export interface AuditVerify {
  ok: boolean
  entries: number
  first_broken: number | null
  reason: string
  head_hash: string
}

export const usersApi = {
  list: () => http.get<{ items: User[]; total: number }>('/users'),
  create: (user: NewUser) => http.post<User>('/users', user),
  update: (id: number, patch: UserPatch) => http.patch<User>(`/users/${id}`, patch),
}

export const auditApi = {
  list: (query: AuditQuery) => http.get<{ items: AuditEntry[] }>('/audit', { ...query }),
  verify: () => http.get<AuditVerify>('/audit/verify'),
}
