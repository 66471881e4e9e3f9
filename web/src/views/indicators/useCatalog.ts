// The indicator catalog with its filters (keyword over code, names and formula; verification
// mark; category).
import { computed, reactive } from 'vue'
import { indicatorsApi } from '@/api/indicators'
import { useAsync } from '@/composables/useAsync'
import type { IndicatorDef } from '@/api/types'

export interface CatalogFilter {
  q: string
  mark: string
  category: string
}

export function filterCatalog(defs: readonly IndicatorDef[], f: CatalogFilter): IndicatorDef[] {
  const q = f.q.trim().toLowerCase()
  return defs.filter((d) => {
    if (f.mark && d.mark !== f.mark) return false
    if (f.category && (d.category ?? '') !== f.category) return false
    if (!q) return true
    return [d.code, d.name_zh, d.name_en, d.expression, d.description].join('\n').toLowerCase().includes(q)
  })
}

export function useCatalog() {
  const catalog = useAsync(() => indicatorsApi.catalog())
  const filter = reactive<CatalogFilter>({ q: '', mark: '', category: '' })
  const categories = computed(() => [
    ...new Set((catalog.data.value ?? []).map((d) => d.category).filter((c): c is string => !!c)),
  ])
  const shown = computed(() => filterCatalog(catalog.data.value ?? [], filter))
  const markCounts = computed(() => {
    const c = { verified: 0, secondary: 0, unverified: 0 }
    for (const d of catalog.data.value ?? []) c[d.mark] = (c[d.mark] ?? 0) + 1
    return c
  })
  void catalog.run()
  return { catalog, filter, categories, shown, markCounts }
}
