// Reading the unit × year indicator table of GET /api/v1/indicators/table.
import type { IndicatorTable, IndicatorTableCell } from '@/api/types'

/** The cell of (code, unit, year), or undefined. */
export function tableCell(table: IndicatorTable, code: string, unit: string, year: number): IndicatorTableCell | undefined {
  return table.cells.find((c) => c.code === code && c.unit_code === unit && c.year === year)
}

export function tableValue(table: IndicatorTable, code: string, unit: string, year: number): number | null {
  const v = tableCell(table, code, unit, year)?.value
  return v === undefined || v === null || !Number.isFinite(v) ? null : v
}
