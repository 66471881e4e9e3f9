// The county map's ECharts option, the upload report rows and who may upload.
import { describe, expect, it } from 'vitest'
import { canUploadMap, featureCodes, mapReportRows, townshipMapOption, TOWNSHIP_MAP } from '@/utils/map'

const values = [
  { code: '500235001', name: '双江街道', value: 98.5 },
  { code: '500235002', name: '青龙街道', value: 91 },
  { code: '500235003', name: '江口镇', value: null },
]
const fmt = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)

describe('townshipMapOption', () => {
  const opt = townshipMapOption({ values, label: '巩固率', format: fmt }) as Record<string, any>
  it('draws the registered map keyed by township code with every value', () => {
    const s = opt.series[0]
    expect(s.type).toBe('map')
    expect(s.map).toBe(TOWNSHIP_MAP)
    expect(s.nameProperty).toBe('code')
    expect(s.data).toEqual([
      { name: '500235001', value: 98.5, township: '双江街道' },
      { name: '500235002', value: 91, township: '青龙街道' },
      { name: '500235003', value: null, township: '江口镇' },
    ])
  })
  it('scales the legend to the values and shows them formatted', () => {
    expect(opt.visualMap.min).toBe(91)
    expect(opt.visualMap.max).toBe(98.5)
    expect(opt.visualMap.text).toEqual(['98.5%', '91.0%'])
  })
  it('names the township and the indicator in the tooltip, — for no value', () => {
    const f = opt.tooltip.formatter
    expect(f({ name: '500235001', data: { township: '双江街道', value: 98.5 } })).toBe('双江街道<br/>巩固率：98.5%')
    expect(f({ name: '500235003', data: { township: '江口镇', value: null } })).toBe('江口镇<br/>巩固率：—')
  })
  it('reverses the colours when lower is better', () => {
    const low = townshipMapOption({ values, label: 'x', format: fmt, lowerBetter: true }) as Record<string, any>
    expect(low.visualMap.inRange.color[0]).toBe(opt.visualMap.inRange.color.at(-1))
  })
  it('keeps a valid range when every value is equal or missing', () => {
    const flat = townshipMapOption({ values: values.slice(2), label: 'x', format: fmt }) as Record<string, any>
    expect(flat.visualMap.max).toBeGreaterThan(flat.visualMap.min)
  })
})

describe('map upload helpers', () => {
  it('lists errors by 1-based feature, then missing townships', () => {
    expect(
      mapReportRows({ errors: [{ feature: 2, message: '第 3 个要素：环未闭合' }, { feature: -1, message: '文件不是有效的 JSON' }], missing: ['500235009 某镇'] }),
    ).toEqual([
      { kind: 'error', feature: '3', message: '第 3 个要素：环未闭合' },
      { kind: 'error', feature: '—', message: '文件不是有效的 JSON' },
      { kind: 'warning', feature: '—', message: '乡镇没有边界：500235009 某镇' },
    ])
  })
  it('lets only county staff of the county upload', () => {
    expect(canUploadMap('county_staff', '500235', '500235')).toBe(true)
    expect(canUploadMap('county_staff', '500235001', '500235')).toBe(false)
    expect(canUploadMap('school', '5002350001', '500235')).toBe(false)
    expect(canUploadMap('leader', '500235', '500235')).toBe(false)
  })
  it('reads the feature codes of a layer', () => {
    expect(featureCodes(undefined)).toEqual([])
    expect(
      featureCodes({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'a', name: 'A' }, geometry: { type: 'Polygon', coordinates: [] } }] }),
    ).toEqual(['a'])
  })
})
