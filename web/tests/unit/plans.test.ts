// The plan choice (stores/plans.ts): remembered in localStorage, carried by every plan request
// (api/plan.ts), falls back to the server's default when the remembered plan is gone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { planApi, selectedPlanId, setSelectedPlan, type PlanInfo } from '@/api/plan'
import { reportUrl } from '@/api/reports'
import { usePlansStore } from '@/stores/plans'
import { auditActionLabel, auditTargetLabel } from '@/utils/labels'

const plan = (id: string, first: number, status: PlanInfo['status'] = 'adopted'): PlanInfo => ({
  id,
  name: id,
  unit_code: '500235',
  first_year: first,
  last_year: first + 4,
  baseline_year: first - 1,
  period: `${first}—${first + 4}`,
  status,
  version: 1,
  target_count: 12,
  default: id === 'yunyang-2021-2025',
})
const LIST = { default: 'yunyang-2021-2025', items: [plan('yunyang-2021-2025', 2021), plan('example-2026-2030', 2026, 'draft')] }

describe('plan choice', () => {
  beforeEach(() => {
    localStorage.clear()
    setSelectedPlan('')
    setActivePinia(createPinia())
    vi.spyOn(planApi, 'plans').mockResolvedValue(LIST)
  })
  afterEach(() => vi.restoreAllMocks())

  it('starts on the default plan and remembers another choice', async () => {
    const store = usePlansStore()
    await store.load()
    expect(store.current?.id).toBe('yunyang-2021-2025')
    expect(selectedPlanId()).toBe('')
    expect(store.select('example-2026-2030')).toBe(true)
    expect(store.select('example-2026-2030')).toBe(false)
    expect(localStorage.getItem('zj.plan')).toBe('example-2026-2030')
    expect(selectedPlanId()).toBe('example-2026-2030')
    expect(reportUrl('final', 'pdf', 2025)).toContain('plan=example-2026-2030')
    // Choosing the default clears the memory (the server's default may change later).
    store.select('yunyang-2021-2025')
    expect(localStorage.getItem('zj.plan')).toBeNull()
    expect(reportUrl('final', 'pdf', 2025)).not.toContain('plan=')
  })

  it('takes the remembered plan, and forgets one that was deleted', async () => {
    localStorage.setItem('zj.plan', 'example-2026-2030')
    setActivePinia(createPinia())
    const store = usePlansStore()
    await store.load()
    expect(store.current?.id).toBe('example-2026-2030')
    localStorage.setItem('zj.plan', 'gone-2016-2020')
    setActivePinia(createPinia())
    const again = usePlansStore()
    await again.load()
    expect(again.current?.id).toBe('yunyang-2021-2025')
    expect(localStorage.getItem('zj.plan')).toBeNull()
  })

  it('labels plan audit entries', () => {
    expect(auditActionLabel('plan.import')).toBe('导入规划')
    expect(auditTargetLabel('plan:example-2026-2030')).toBe('规划 example-2026-2030')
  })
})
