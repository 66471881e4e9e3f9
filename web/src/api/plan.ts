// The plan's quantitative targets (with its section tree) and their monitored status for a
// school year.
import { http } from './http'
import type { PlanSectionInfo, PlanStatus, PlanTarget } from './types'

export interface PlanTargets {
  targets: PlanTarget[]
  sections: PlanSectionInfo[]
}

type TargetsWire = PlanTarget[] | { targets: PlanTarget[]; sections?: PlanSectionInfo[] }

export const planApi = {
  targets: async (): Promise<PlanTargets> => {
    const wire = await http.get<TargetsWire>('/plan/targets')
    return Array.isArray(wire) ? { targets: wire, sections: [] } : { targets: wire.targets, sections: wire.sections ?? [] }
  },
  status: (year?: number) => http.get<PlanStatus>('/plan/status', { year }),
}
