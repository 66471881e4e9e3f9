// Pure logic of the page composables: school filters in the address, plan filtering and
// grouping, the export sheet, audit paging windows, account patches.
import { describe, expect, it } from 'vitest'
import { filterFromQuery, queryFromFilter } from '@/views/schools/useSchoolList'
import { groupBySection, matches, type PlanRow } from '@/views/plan/usePlan'
import { buildSheet } from '@/views/indicators/useIndicatorTable'
import { filterCatalog } from '@/views/indicators/useCatalog'
import { auditWindow } from '@/views/system/useAudit'
import { userPatch } from '@/views/system/useUsers'
import type { IndicatorDef, PlanTarget, User } from '@/api/types'

describe('school filters in the address', () => {
  it('round-trips', () => {
    const f = filterFromQuery({ type: '211', township: '500235101', urban_rural: '2', public: 'false', q: '中心', page: '3', page_size: '50' })
    expect(f).toEqual({ type: 211, township: '500235101', urban_rural: 2, public: false, q: '中心', page: 3, page_size: 50 })
    expect(queryFromFilter(f)).toEqual({ type: '211', township: '500235101', urban_rural: '2', public: 'false', q: '中心', page: '3', page_size: '50' })
  })
  it('drops defaults and rejects junk', () => {
    const f = filterFromQuery({ type: 'abc', page: '-4', page_size: '1000', public: 'maybe' })
    expect(f).toEqual({ type: undefined, township: undefined, urban_rural: undefined, public: undefined, q: undefined, page: 1, page_size: 20 })
    expect(queryFromFilter(f)).toEqual({})
  })
})

const t = (id: string, over: Partial<PlanTarget> = {}): PlanTarget => ({
  id,
  quote: `原文${id}`,
  unit: '%',
  target: { year: 2025, value: 1 },
  comparator: '>=',
  attribute: '预期性',
  section: 's1',
  responsible: '学前教育',
  ...over,
})

describe('plan filters', () => {
  const rows: PlanRow[] = [
    { target: t('a', { attribute: '约束性', indicator: 'compulsory_retention' }), status: { id: 'a', year: 2024, value: 99, target: 99, status: 'achieved' } },
    { target: t('b', { responsible: '教师队伍', quote: '双师型教师比例达到60%' }), status: undefined },
  ]
  const none = { area: '', attribute: '', status: '', q: '' }
  it('filters by attribute, area, status and keyword', () => {
    expect(rows.filter((r) => matches(r, { ...none, attribute: '约束性' })).map((r) => r.target.id)).toEqual(['a'])
    expect(rows.filter((r) => matches(r, { ...none, area: '教师队伍' })).map((r) => r.target.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, { ...none, status: 'no_data' })).map((r) => r.target.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, { ...none, q: '双师' })).map((r) => r.target.id)).toEqual(['b'])
    expect(rows.filter((r) => matches(r, { ...none, q: 'RETENTION' })).map((r) => r.target.id)).toEqual(['a'])
  })
  it('groups under the nearest section heading in plan order', () => {
    const sections = [
      { id: 'p3', parent: '', kind: 'part', number: '第三部分', title: '主要任务' },
      { id: 'p3.1', parent: 'p3', kind: 'section', number: '一、', title: '学前教育' },
      { id: 'p3.1.1', parent: 'p3.1', kind: 'subsection', number: '（一）', title: '扩资源' },
      { id: 'p3.2', parent: 'p3', kind: 'section', number: '二、', title: '义务教育' },
    ]
    const g = groupBySection(
      [
        { target: t('x', { section: 'p3.1.1' }), status: undefined },
        { target: t('y', { section: 'p3.2' }), status: undefined },
        { target: t('z', { section: 'p3.1' }), status: undefined },
        { target: t('w', { section: 'unknown', responsible: '信息化' }), status: undefined },
      ],
      sections,
    )
    expect(g.map((x) => [x.title, x.rows.map((r) => r.target.id)])).toEqual([
      ['一、 学前教育', ['x', 'z']],
      ['二、 义务教育', ['y']],
      ['信息化', ['w']],
    ])
  })
})

describe('indicator export sheet', () => {
  it('has two header rows and raw values per unit', () => {
    const defs = [{ code: 'ger', name_zh: '毛入园率', unit: '%' }] as IndicatorDef[]
    const table = {
      codes: ['ger'],
      units: [],
      years: [2023, 2024],
      cells: [
        { code: 'ger', unit_code: '500235', year: 2023, value: 91.2 },
        { code: 'ger', unit_code: '500235', year: 2024, value: 92.5 },
        { code: 'ger', unit_code: '500235101', year: 2024, value: null, reason: '分母为 0' },
      ],
    }
    const sheet = buildSheet(
      table,
      defs,
      [
        { code: '500235', name: '云阳县', level: 'county' },
        { code: '500235101', name: '双江街道', level: 'township' },
      ],
      [2023, 2024],
      (y) => `${y}学年`,
      '单位',
    )
    expect(sheet.map((r) => r.map((c) => c.value))).toEqual([
      ['单位', '毛入园率（%）', ''],
      ['', '2023学年', '2024学年'],
      ['云阳县', 91.2, 92.5],
      ['双江街道', null, null],
    ])
    expect(sheet[0]?.every((c) => c.header)).toBe(true)
  })
  it('filters the catalog by keyword and mark', () => {
    const defs = [
      { code: 'a', name_zh: '巩固率', name_en: 'Retention', mark: 'verified', expression: 'x', description: '', source: '', unit: '%' },
      { code: 'b', name_zh: '普惠率', name_en: 'Inclusive', mark: 'unverified', expression: 'y', description: '', source: '', unit: '%' },
    ] as IndicatorDef[]
    expect(filterCatalog(defs, { q: '普惠', mark: '', category: '' }).map((d) => d.code)).toEqual(['b'])
    expect(filterCatalog(defs, { q: '', mark: 'verified', category: '' }).map((d) => d.code)).toEqual(['a'])
    expect(filterCatalog(defs, { q: 'retention', mark: '', category: '' }).map((d) => d.code)).toEqual(['a'])
  })
})

describe('audit paging', () => {
  it('maps newest-first pages onto ascending seq windows', () => {
    expect(auditWindow(120, 1, 50)).toEqual({ after_seq: 70, limit: 50 })
    expect(auditWindow(120, 2, 50)).toEqual({ after_seq: 20, limit: 50 })
    expect(auditWindow(120, 3, 50)).toEqual({ after_seq: 0, limit: 20 })
    expect(auditWindow(120, 4, 50)).toBeNull()
    expect(auditWindow(0, 1, 50)).toBeNull()
  })
})

describe('account patch', () => {
  const before: User = { id: 3, username: 'zhang', display_name: '张三', role: 'leader', unit_code: '500235', disabled: false, view_personal: false }
  const form = { id: 3, username: 'zhang', display_name: '张三', role: 'leader' as const, unit_code: '500235', password: '', disabled: false, view_personal: false }
  it('sends only what changed', () => {
    expect(userPatch(before, form)).toEqual({})
    expect(userPatch(before, { ...form, disabled: true, password: 'new-pass-123' })).toEqual({ disabled: true, password: 'new-pass-123' })
    expect(userPatch(before, { ...form, role: 'school', unit_code: '5002350001' })).toEqual({ role: 'school', unit_code: '5002350001' })
  })
})
