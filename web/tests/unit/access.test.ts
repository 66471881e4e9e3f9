// Landing pages and page access by the permissions the server reports.
import { describe, expect, it } from 'vitest'
import type { Permission, User } from '@/api/types'
import { can, canSeeSchool, homePath, ownSchool, safeRedirect } from '@/utils/access'

const user = (role: User['role'], unit = '500235'): User => ({ id: 1, username: role, display_name: role, role, unit_code: unit })
const P: Record<string, Permission[]> = {
  admin: ['read_directory', 'manage_users'],
  county_staff: ['read_directory', 'read_aggregates', 'read_people', 'write_data'],
  leader: ['read_directory', 'read_aggregates'],
  school: ['read_directory', 'read_aggregates', 'read_people', 'write_data'],
  auditor: ['read_audit'],
}

describe('homePath', () => {
  it.each([
    ['admin', '500235', '/system/users'],
    ['county_staff', '500235', '/overview'],
    ['leader', '500235', '/overview'],
    ['school', '5002350001', '/schools/5002350001'],
    ['auditor', '500235', '/system/audit'],
  ] as const)('%s → %s', (role, unit, want) => {
    expect(homePath(user(role, unit), P[role] ?? [])).toBe(want)
  })
  it('sends a signed-out visitor to the login page', () => expect(homePath(null, [])).toBe('/login'))
  it('has nowhere to go without permissions', () => expect(homePath(user('leader'), [])).toBe('/forbidden'))
})

describe('school scope', () => {
  it('lets a school account see only its own school', () => {
    const u = user('school', '5002350001')
    expect(ownSchool(u)).toBe('5002350001')
    expect(canSeeSchool(u, P.school ?? [], '5002350001')).toBe(true)
    expect(canSeeSchool(u, P.school ?? [], '5002350002')).toBe(false)
  })
  it('lets county roles with the directory see any school', () => {
    expect(canSeeSchool(user('leader'), P.leader ?? [], '5002350002')).toBe(true)
    expect(canSeeSchool(user('auditor'), P.auditor ?? [], '5002350002')).toBe(false)
    expect(canSeeSchool(null, [], '5002350002')).toBe(false)
    expect(ownSchool(user('leader'))).toBeNull()
  })
  it('checks single permissions', () => {
    expect(can(['read_audit'], 'read_audit')).toBe(true)
    expect(can(['read_audit'], 'manage_users')).toBe(false)
    expect(can([], undefined)).toBe(true)
  })
})

describe('safeRedirect', () => {
  it.each([
    ['/plan?status=at_risk', '/plan?status=at_risk'],
    ['//evil.example/x', null],
    ['https://evil.example', null],
    ['/login?redirect=/x', null],
    [undefined, null],
    [['/a'], null],
  ])('%s → %s', (input, want) => expect(safeRedirect(input)).toBe(want))
})
