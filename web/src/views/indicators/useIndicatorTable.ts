// The unit × year indicator table with drill-down: the county and its townships, then one
// township and its schools. Cells come from GET /indicators/table; a cell opens the explain
// view; the table exports to xlsx on the client (write-excel-file, loaded on demand).
import { computed, ref, shallowRef, watch } from 'vue'
import { useRoute } from 'vue-router'
import { useQuerySync } from '@/composables/useQuerySync'
import { indicatorsApi } from '@/api/indicators'
import { adminUnitsApi } from '@/api/admin_units'
import { schoolsApi } from '@/api/schools'
import { useAsync } from '@/composables/useAsync'
import { useSessionStore } from '@/stores/session'
import type { IndicatorDef, IndicatorTable } from '@/api/types'
import { tableCell } from '@/utils/indicator_table'

export interface DrillUnit {
  code: string
  name: string
  level: 'county' | 'township' | 'school'
}

export interface SheetCell {
  value: string | number | null
  header?: boolean
}

/**
 * The table as rows of cells for export: two header rows (indicator name with unit spanning its
 * years, then the school years), then one row per unit with raw values (exported for tests).
 */
export function buildSheet(
  table: IndicatorTable,
  defs: readonly IndicatorDef[],
  units: readonly DrillUnit[],
  years: readonly number[],
  yearLabel: (y: number) => string,
  unitHeader: string,
): SheetCell[][] {
  const byCode = new Map(defs.map((d) => [d.code, d]))
  const head1: SheetCell[] = [{ value: unitHeader, header: true }]
  const head2: SheetCell[] = [{ value: '', header: true }]
  for (const code of table.codes) {
    const d = byCode.get(code)
    years.forEach((y, i) => {
      head1.push({ value: i === 0 ? `${d?.name_zh ?? code}（${d?.unit ?? ''}）` : '', header: true })
      head2.push({ value: yearLabel(y), header: true })
    })
  }
  const rows: SheetCell[][] = [head1, head2]
  for (const u of units) {
    const row: SheetCell[] = [{ value: u.name }]
    for (const code of table.codes) {
      for (const y of years) row.push({ value: tableCell(table, code, u.code, y)?.value ?? null })
    }
    rows.push(row)
  }
  return rows
}

/** "a,b" / ["a","b"] from the address → list (exported for tests). */
export function listParam(v: unknown): string[] {
  const raw = Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : ''
  return raw.split(',').map((x) => x.trim()).filter(Boolean)
}

/** Years ascending, without duplicates (2020 before 2025 whatever order they were picked in). */
export function sortYears(ys: readonly number[]): number[] {
  return [...new Set(ys)].sort((a, b) => a - b)
}

export function useIndicatorTable() {
  const session = useSessionStore()
  const route = useRoute()
  const setQuery = useQuerySync()
  const catalog = useAsync(() => indicatorsApi.catalog())
  const tree = useAsync(() => adminUnitsApi.tree())
  const codes = ref<string[]>(listParam(route.query.codes))
  const years = ref<number[]>(sortYears(listParam(route.query.years).map(Number).filter((y) => session.years.includes(y))))
  /** The township the address asks for (drilled to once the unit tree is there). */
  const wantDrill = typeof route.query.drill === 'string' ? route.query.drill : ''
  const path = ref<DrillUnit[]>([])
  const units = shallowRef<DrillUnit[]>([])
  const unitsLoading = ref(false)
  const table = useAsync((c: string[], u: string[], y: number[]) => indicatorsApi.table(c, u, y))
  const exporting = ref(false)

  const defs = computed(() => catalog.data.value ?? [])
  const current = computed(() => path.value.at(-1) ?? null)

  async function loadUnits() {
    const here = current.value
    const root = tree.data.value?.root
    if (!here || !root) return
    unitsLoading.value = true
    try {
      if (here.level === 'county') {
        units.value = [here, ...root.children.map((c) => ({ code: c.code, name: c.name, level: 'township' as const }))]
      } else {
        const page = await schoolsApi.list({ township: here.code, page_size: 200 })
        units.value = [here, ...page.items.map((s) => ({ code: s.code, name: s.name, level: 'school' as const }))]
      }
    } catch {
      units.value = [here]
    } finally {
      unitsLoading.value = false
    }
  }

  function loadTable() {
    if (!codes.value.length || !units.value.length || !years.value.length) return
    void table.run(codes.value, units.value.map((u) => u.code), years.value)
  }

  /** The table's state in the address: a drill is a new history entry (Back goes up). */
  function syncQuery(push = false) {
    const q: Record<string, string> = { ...(route.query as Record<string, string>), tab: 'table' }
    q.codes = codes.value.join(',')
    q.years = years.value.join(',')
    const here = path.value.at(-1)
    // Before the unit tree has loaded the path is empty: the address's drill still stands (a
    // reload must not drop it, or 返回 from a school would come back undrilled).
    if (!path.value.length) {
      if (wantDrill) q.drill = wantDrill
    } else if (here && path.value.length > 1) q.drill = here.code
    else delete q.drill
    const same = ['codes', 'years', 'drill', 'tab'].every((k) => (route.query[k] ?? undefined) === (q[k] ?? undefined))
    if (same) return
    setQuery(q, push)
  }

  function drill(u: DrillUnit) {
    if (u.level === 'school' || u.code === current.value?.code) return
    path.value = [...path.value, u]
    syncQuery(true)
  }
  function up(index: number) {
    path.value = path.value.slice(0, index + 1)
    syncQuery(true)
  }

  function pathFor(drillCode: string): DrillUnit[] {
    const t = tree.data.value
    if (!t) return []
    const level = t.root.kind === '乡镇' ? 'township' : 'county'
    const root: DrillUnit = { code: t.root.code, name: t.root.name, level }
    const child = drillCode ? t.root.children.find((c) => c.code === drillCode) : undefined
    return child ? [root, { code: child.code, name: child.name, level: 'township' }] : [root]
  }

  watch(
    () => tree.data.value,
    (t) => {
      if (t && !path.value.length) path.value = pathFor(wantDrill)
    },
  )
  // Back/forward between drill levels: the address decides the path.
  watch(
    () => route.query.drill,
    (d) => {
      if (route.path !== '/indicators' || !tree.data.value) return
      const code = typeof d === 'string' ? d : ''
      if ((path.value.at(-1)?.code ?? '') === code || (!code && path.value.length <= 1)) return
      path.value = pathFor(code)
    },
  )
  watch(
    () => catalog.data.value,
    (c) => {
      if (!c) return
      const known = new Set(c.map((d) => d.code))
      const kept = codes.value.filter((x) => known.has(x))
      codes.value = kept.length ? kept : c.filter((d) => d.unit === '%').slice(0, 3).map((d) => d.code)
    },
  )
  watch(
    () => session.years,
    (ys) => {
      if (!years.value.length) years.value = ys.slice(-3)
    },
    { immediate: true },
  )
  // Years always ascending, whatever order they were picked in.
  watch(years, (ys) => {
    const sorted = sortYears(ys)
    if (sorted.join() !== ys.join()) years.value = sorted
  })
  watch(path, () => void loadUnits().then(loadTable))
  watch([codes, years], () => {
    loadTable()
    if (route.path === '/indicators' && route.query.tab === 'table') syncQuery()
  })

  async function exportXlsx(fileName: string, yearLabel: (y: number) => string, unitHeader: string) {
    const data = table.data.value
    if (!data) return
    exporting.value = true
    try {
      const { default: writeXlsxFile } = await import('write-excel-file/browser')
      const sheet = buildSheet(data, defs.value, units.value, years.value, yearLabel, unitHeader)
      const rows = sheet.map((r) =>
        r.map((c) => (c.header ? { value: c.value ?? '', fontWeight: 'bold' as const } : c.value)),
      )
      await writeXlsxFile(rows, { stickyRowsCount: 2, stickyColumnsCount: 1 }).toFile(fileName)
    } finally {
      exporting.value = false
    }
  }

  void catalog.run()
  void tree.run()

  return { session, catalog, tree, defs, codes, years, path, current, units, unitsLoading, table, drill, up, exporting, exportXlsx, sync: () => syncQuery() }
}
