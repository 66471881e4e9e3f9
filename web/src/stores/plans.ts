// The plans stored in the database (GET /plans) and the one the user works on. The choice comes
// from the address (?plan=), else the last choice (localStorage), else the server's default
// plan; every plan request (api/plan.ts, reports) carries it. Cross-page state: the header of 规划监测,
// the overview and the reports read the same choice.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { planApi, setSelectedPlan, type PlanInfo } from '@/api/plan'

const STORAGE_KEY = 'zj.plan'

function saved(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

export const usePlansStore = defineStore('plans', () => {
  const plans = shallowRef<PlanInfo[]>([])
  const defaultId = ref('')
  const selected = ref(saved())
  setSelectedPlan(selected.value)
  let loading: Promise<void> | null = null

  const current = computed(() => plans.value.find((p) => p.id === selected.value) ?? plans.value.find((p) => p.id === defaultId.value) ?? null)

  /** Loads the list once; a remembered plan that no longer exists falls back to the default. */
  function load(): Promise<void> {
    if (!loading) {
      loading = planApi
        .plans()
        .then((r) => {
          plans.value = r.items
          defaultId.value = r.default
          if (selected.value && !r.items.some((p) => p.id === selected.value)) select('')
        })
        .catch(() => {
          loading = null
        })
    }
    return loading
  }

  /** Chooses a plan ('' = the default) and remembers it. Returns whether the choice changed. */
  function select(id: string): boolean {
    const next = id === defaultId.value ? '' : id
    if (next === selected.value) return false
    selected.value = next
    setSelectedPlan(next)
    try {
      if (next) localStorage.setItem(STORAGE_KEY, next)
      else localStorage.removeItem(STORAGE_KEY)
    } catch {
      /* private mode: the choice lasts for the tab only */
    }
    return true
  }

  return { plans, defaultId, selected, current, load, select }
})
