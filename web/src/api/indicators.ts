// The indicator catalog, values of one unit, the unit × year table and the explain view. The wire
// shapes (src/server/handlers_indicators.cc) are mapped here to flat client types.
import { http } from './http'
import type { IndicatorDef, IndicatorExplain, IndicatorTable, IndicatorValue, Mark } from './types'

export interface CatalogParam {
  code: string
  name_zh: string
  value: number
  unit: string
  mark: Mark
  source: string
}

interface CatalogWire {
  version: number
  categories: string[]
  items: IndicatorDef[]
  params: CatalogParam[]
}

interface ValuesWire {
  unit_code: string
  unit_name: string
  year: number
  items: IndicatorValue[]
}

interface TableWire {
  years: number[]
  units: { code: string; name: string }[]
  tables: {
    code: string
    name_zh: string
    unit: string
    /** [unit][year] in the order of `units` and `years`. */
    cells: { value: number | null; reason: string }[][]
  }[]
}

interface ExplainWire extends Omit<IndicatorExplain, 'code' | 'unit_code' | 'year' | 'value' | 'numerator' | 'denominator' | 'reason'> {
  result: IndicatorValue
}

/** Flattens the per-code matrices of /indicators/table (exported for tests). */
export function tableFromWire(w: TableWire): IndicatorTable {
  const cells: IndicatorTable['cells'] = []
  for (const t of w.tables) {
    t.cells.forEach((row, ui) =>
      row.forEach((cell, yi) => {
        const unit = w.units[ui]
        const year = w.years[yi]
        if (unit === undefined || year === undefined) return
        cells.push({ code: t.code, unit_code: unit.code, year, value: cell.value, reason: cell.reason })
      }),
    )
  }
  return { codes: w.tables.map((t) => t.code), units: w.units, years: w.years, cells }
}

export function explainFromWire(w: ExplainWire): IndicatorExplain {
  const { result, ...rest } = w
  return {
    ...rest,
    code: result.code,
    unit_code: result.unit_code,
    year: result.year,
    value: result.value,
    numerator: result.numerator,
    denominator: result.denominator,
    reason: result.reason,
  }
}

export const indicatorsApi = {
  catalog: async (): Promise<IndicatorDef[]> => (await http.get<CatalogWire>('/indicators')).items,
  /** The configurable parameters (thresholds) the expressions use. */
  params: async (): Promise<CatalogParam[]> => (await http.get<CatalogWire>('/indicators')).params,
  values: async (unit: string, year: number, codes?: string[]): Promise<IndicatorValue[]> =>
    (await http.get<ValuesWire>('/indicators/values', { unit, year, codes })).items,
  table: async (codes: string[], units: string[], years: number[]): Promise<IndicatorTable> =>
    tableFromWire(await http.get<TableWire>('/indicators/table', { codes, units, years })),
  explain: async (code: string, unit: string, year: number): Promise<IndicatorExplain> =>
    explainFromWire(await http.get<ExplainWire>('/indicators/explain', { code, unit, year })),
}
