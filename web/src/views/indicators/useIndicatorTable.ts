// The unit × year indicator table with drill-down: the county and its townships, then one
// township and its schools. Cells come from GET /indicators/table; a cell opens the explain
// view; the table exports to xlsx on the client (write-excel-file, loaded on demand).
import { computed, ref, shallowRef, watch } from 'vue'
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

export function useIndicatorTable() {
  const session = useSessionStore()
  const catalog = useAsync(() => indicatorsApi.catalog())
  const tree = useAsync(() => adminUnitsApi.tree())
  const codes = ref<string[]>([])
  const years = ref<number[]>([])
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

  function drill(u: DrillUnit) {
    if (u.level === 'school' || u.code === current.value?.code) return
    path.value = [...path.value, u]
  }
  function up(index: number) {
    path.value = path.value.slice(0, index + 1)
  }

  watch(
    () => tree.data.value,
    (t) => {
      if (t && !path.value.length) {
        const level = t.root.kind === '乡镇' ? 'township' : 'county'
        path.value = [{ code: t.root.code, name: t.root.name, level }]
      }
    },
  )
  watch(
    () => catalog.data.value,
    (c) => {
      if (c && !codes.value.length) codes.value = c.filter((d) => d.unit === '%').slice(0, 3).map((d) => d.code)
    },
  )
  watch(
    () => session.years,
    (ys) => {
      if (!years.value.length) years.value = ys.slice(-3)
    },
    { immediate: true },
  )
  watch(path, () => void loadUnits().then(loadTable))
  watch([codes, years], loadTable)

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

  return { session, catalog, tree, defs, codes, years, path, current, units, unitsLoading, table, drill, up, exporting, exportXlsx }
}
