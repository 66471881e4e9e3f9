// The county map: the uploaded 乡镇 boundaries (GeoJSON) — read by the 大屏 and 总览 maps, checked
// and uploaded by county staff (数据导入 page).
import { http } from './http'

export interface TownshipFeature {
  type: 'Feature'
  properties: { code: string; name: string }
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
}
export interface TownshipGeoJson {
  type: 'FeatureCollection'
  features: TownshipFeature[]
}
export interface TownshipMap {
  available: boolean
  updated_at?: number
  updated_by?: string
  geojson?: TownshipGeoJson
}
export interface MapReport {
  ok: boolean
  features: number
  matched: number
  errors: { feature: number; message: string }[]
  missing: string[]
  stored: boolean
}

export const mapApi = {
  townships: () => http.get<TownshipMap>('/map/townships'),
  /** Validates without writing (check=1): the report lists every problem. */
  check: (geojson: unknown) => http.put<MapReport>('/map/townships', geojson, { check: 1 }),
  upload: (geojson: unknown) => http.put<MapReport>('/map/townships', geojson),
  remove: () => http.del<{ deleted: boolean }>('/map/townships'),
}
