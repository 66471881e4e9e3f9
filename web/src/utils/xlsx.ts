// Client-side .xlsx of a table the page shows: rows of cells, the first row (or rows marked
// header) in bold, frozen. write-excel-file is imported on first use so it stays out of the
// first-load bundle. File names are Chinese and safe for every file system.
export type SheetValue = string | number | null
export interface SheetCell {
  value: SheetValue
  header?: boolean
}
export type SheetRow = (SheetValue | SheetCell)[]

/** "总览 2024/2025学年" → a name without characters Windows refuses (exported for tests). */
export function safeFileName(name: string, ext: string): string {
  const base = name.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '')
  return `${base || '导出'}.${ext}`
}

function isCell(c: SheetValue | SheetCell): c is SheetCell {
  return c !== null && typeof c === 'object'
}

export async function downloadXlsx(rows: SheetRow[], name: string, headerRows = 1): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const data = rows.map((r, i) =>
    r.map((c) => {
      const cell = isCell(c) ? c : { value: c, header: i < headerRows }
      if (cell.value === null || cell.value === undefined || cell.value === '') return null
      return cell.header || i < headerRows
        ? { value: String(cell.value), fontWeight: 'bold' as const }
        : { value: cell.value }
    }),
  )
  const widths = (rows[0] ?? []).map((_, ci) => ({
    width: Math.min(60, Math.max(8, ...rows.map((r) => String((isCell(r[ci] ?? null) ? (r[ci] as SheetCell).value : r[ci]) ?? '').length * 2))),
  }))
  await writeXlsxFile(data, { columns: widths, stickyRowsCount: headerRows }).toFile(safeFileName(name, 'xlsx'))
}
