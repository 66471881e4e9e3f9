// The label dictionary: audit actions, actors and targets, sources and server text without code.
import { describe, expect, it } from 'vitest'
import {
  RAW_CODE,
  actorLabel,
  auditActionLabel,
  auditTargetLabel,
  humanizeText,
  roleLabel,
  sourceLabel,
} from '@/utils/labels'
import { searchLocal, type SearchItem } from '@/components/GlobalSearch/search'
import { chineseOrdinal, formatDelta, topSections, yearOnYear } from '@/utils/plan'
import { listParam, sortYears } from '@/views/indicators/useIndicatorTable'
import { safeFileName } from '@/utils/xlsx'
import { scenarioLabel } from '@/views/projections/useProjection'

const names: Record<string, string> = { kindergarten_enrolment: '在园幼儿数', preschool_ger: '学前三年毛入园率' }
const ind = (c: string) => names[c]

describe('labels', () => {
  it('audit actions, roles, actors and targets read as words', () => {
    expect(auditActionLabel('auth.login')).toBe('登录')
    expect(auditActionLabel('user.create')).toBe('创建账号')
    expect(auditActionLabel('students.put_failed')).toBe('学生变更失败')
    expect(RAW_CODE.test(auditActionLabel('something_new.do_it'))).toBe(false)
    expect(roleLabel('county_staff')).toBe('县级业务人员')
    expect(roleLabel('leader', 'en')).toBe('Leader')
    expect(actorLabel('cli:demo')).toBe('命令行（演示数据生成）')
    expect(actorLabel('user:5')).toBe('账号 #5')
    expect(actorLabel('leader', new Map([['leader', '王局长']]))).toBe('王局长（leader）')
    expect(auditTargetLabel('user:5')).toBe('账号 #5')
    expect(auditTargetLabel('task:T20240101-1')).toBe('台账任务 T20240101-1')
    expect(auditTargetLabel('table:schools')).toBe('数据表：学校')
    expect(auditTargetLabel('school:123/students')).toBe('学校 123 学生名册')
    expect(auditTargetLabel('data_values')).toBe('填报数据')
  })

  it('sources become readable', () => {
    expect(sourceLabel('standards §4.1 (xjrb.net) [verified]')).toBe('国家标准与办学标准 第4.1条（来源网站 xjrb.net，已核实）')
    expect(sourceLabel('《义务教育法》')).toBe('《义务教育法》')
  })

  it('server text loses code and ASCII symbols', () => {
    expect(humanizeText('分母为零：ind("kindergarten_enrolment") = 0', ind)).toBe('在园幼儿数为 0，无法计算')
    expect(humanizeText('值 >= 95', ind)).toBe('值 ≥ 95')
    expect(humanizeText('见 main.preschool_ger', ind, (id) => (id === 'main.preschool_ger' ? '学前三年毛入园率（%）' : undefined))).toBe(
      '见 学前三年毛入园率（%）',
    )
    expect(RAW_CODE.test(humanizeText('unknown_code 缺数', ind))).toBe(false)
  })
})

describe('plan helpers', () => {
  it('同比 judged by the target direction', () => {
    expect(yearOnYear(96, 95, '>=')).toEqual({ delta: 1, direction: 'up', tone: 'good' })
    expect(yearOnYear(3, 5, 'eliminate')).toEqual({ delta: -2, direction: 'down', tone: 'good' })
    expect(yearOnYear(96, 95, 'approx').tone).toBe('neutral')
    expect(yearOnYear(96, null, '>=').delta).toBeNull()
    const t = { unit: '%', target: { year: 2025, value: 95 }, baseline: null }
    expect(formatDelta(1.25, t)).toBe('+1.3个百分点')
  })

  it('sections in plan order 一、二、三', () => {
    expect(chineseOrdinal('三、义务教育')).toBe(3)
    expect(chineseOrdinal('十二、其他')).toBe(12)
    expect(chineseOrdinal('概述')).toBeNull()
    const s = topSections(
      [
        { section_id: 'part2', title: '第二部分 目标' },
        { section_id: 'p2.3', title: '三、发展目标' },
        { section_id: 'p3.3', title: '三、c' },
        { section_id: 'p3.1', title: '一、a' },
        { section_id: 'p3.2', title: '二、b' },
        { section_id: 'part4', title: '第四部分 保障' },
        { section_id: 'p4.2', title: '二、机制' },
      ],
      [],
    )
    expect(s.map((x) => x.title)).toEqual(['一、a', '二、b', '三、c', '第二部分 · 三、发展目标', '第四部分 · 二、机制'])
  })
})

describe('search, address, files', () => {
  it('matches every word, prefix first', () => {
    const items: SearchItem[] = [
      { kind: 'indicator', label: '小学巩固率', to: '/a', keys: '' },
      { kind: 'indicator', label: '巩固率', to: '/b', keys: '' },
      { kind: 'school', label: '城关小学', to: '/c', keys: '' },
    ]
    expect(searchLocal(items, '巩固率').map((h) => h.to)).toEqual(['/b', '/a'])
    expect(searchLocal(items, '城关 小学').map((h) => h.to)).toEqual(['/c'])
  })
  it('years ascending from the address', () => {
    expect(sortYears([2025, 2020, 2025])).toEqual([2020, 2025])
    expect(listParam('a,b,')).toEqual(['a', 'b'])
  })
  it('file names and scenario labels', () => {
    expect(safeFileName('总览 2024/2025学年', 'xlsx')).toBe('总览_2024_2025学年.xlsx')
    expect(scenarioLabel('方案 A', '方案 A')).toBe('方案 A')
    expect(scenarioLabel('方案 A', '高出生')).toBe('方案 A：高出生')
  })
})
