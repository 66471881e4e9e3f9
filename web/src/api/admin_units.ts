// The administrative hierarchy under the account's scope (county → townships), with ancestors.
import { http } from './http'
import type { AdminUnitTree } from './types'

export const adminUnitsApi = {
  tree: () => http.get<AdminUnitTree>('/admin-units'),
}
