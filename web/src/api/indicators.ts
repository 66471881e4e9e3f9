// The indicator catalog, values of one unit, the unit × year table and the explain view.
import { http } from './http'
import type { IndicatorDef, IndicatorExplain, IndicatorTable, IndicatorValue } from './types'

export const indicatorsApi = {
  catalog: () => http.get<IndicatorDef[]>('/indicators'),
  values: (unit: string, year: number, codes?: string[]) =>
    http.get<IndicatorValue[]>('/indicators/values', { unit, year, codes }),
  table: (codes: string[], units: string[], years: number[]) =>
    http.get<IndicatorTable>('/indicators/table', { codes, units, years }),
  explain: (code: string, unit: string, year: number) =>
    http.get<IndicatorExplain>('/indicators/explain', { code, unit, year }),
}
