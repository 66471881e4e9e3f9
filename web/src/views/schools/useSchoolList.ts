// The school directory: filters kept in the address (so a drill-down link or the back button
// restores them), server-side paging, townships for the filter from /admin-units.
import { computed, reactive, watch } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { schoolsApi, type SchoolFilter } from '@/api/schools'
import { adminUnitsApi } from '@/api/admin_units'
import { useAsync } from '@/composables/useAsync'

export const PAGE_SIZES = [20, 50, 100]

function num(v: unknown): number | undefined {
  const n = Number(v)
  return typeof v === 'string' && v !== '' && Number.isFinite(n) ? n : undefined
}

/** Reads the filter from the route query (exported for tests). */
export function filterFromQuery(q: LocationQuery): Required<Pick<SchoolFilter, 'page' | 'page_size'>> & SchoolFilter {
  const pub = q.public === 'true' ? true : q.public === 'false' ? false : undefined
  const size = num(q.page_size)
  return {
    type: num(q.type),
    township: typeof q.township === 'string' && q.township ? q.township : undefined,
    urban_rural: num(q.urban_rural),
    public: pub,
    q: typeof q.q === 'string' && q.q ? q.q : undefined,
    page: Math.max(1, num(q.page) ?? 1),
    page_size: size && PAGE_SIZES.includes(size) ? size : 20,
  }
}

/** The route query of a filter, without defaults (exported for tests). */
export function queryFromFilter(f: SchoolFilter): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.type) out.type = String(f.type)
  if (f.township) out.township = f.township
  if (f.urban_rural) out.urban_rural = String(f.urban_rural)
  if (f.public !== undefined) out.public = String(f.public)
  if (f.q) out.q = f.q
  if (f.page && f.page > 1) out.page = String(f.page)
  if (f.page_size && f.page_size !== 20) out.page_size = String(f.page_size)
  return out
}

export function useSchoolList() {
  const route = useRoute()
  const router = useRouter()
  const filter = reactive(filterFromQuery(route.query))
  const list = useAsync((f: SchoolFilter) => schoolsApi.list(f))
  const units = useAsync(() => adminUnitsApi.tree())

  const townships = computed(() => {
    const root = units.data.value?.root
    if (!root) return []
    return root.kind === '乡镇' ? [root] : root.children
  })

  function apply(patch: Partial<SchoolFilter>, resetPage = true) {
    Object.assign(filter, patch)
    if (resetPage) filter.page = 1
    void router.replace({ query: queryFromFilter(filter) })
  }

  function reset() {
    Object.assign(filter, filterFromQuery({}))
    void router.replace({ query: {} })
  }

  watch(
    () => route.query,
    (q) => {
      if (route.name !== 'schools') return
      Object.assign(filter, filterFromQuery(q))
      void list.run({ ...filter })
    },
    { immediate: true },
  )
  void units.run()

  return { filter, list, units, townships, apply, reset }
}
