// The ledger page's pure helpers: board columns, flag markers (text, not colour), the client-side
// evidence check and Base64 encoding.
import { describe, expect, it } from 'vitest'
import { evidenceProblem, toBase64, type LedgerTask } from '@/api/ledger'
import { boardColumns, flagLabels } from '@/views/ledger/useLedger'
import { emptyTaskForm, newTaskBody, taskFormProblem, taskPatch } from '@/views/ledger/useTaskForm'
import { unitChoices } from '@/composables/useSchoolSearch'
import type { TaskDetail } from '@/api/ledger'

function task(id: string, state: LedgerTask['state'], extra: Partial<LedgerTask> = {}): LedgerTask {
  return {
    id, title: id, unit_code: '500235', unit_name: '云阳县', department: '', lead: '', section_id: '',
    planned_quantity: null, quantity_unit: '', due_date: '2025-12-31', state, state_zh: '', percent: 0,
    quantity: null, last_report: null, overdue: false, overdue_milestones: [], stalled: false,
    flagged: false, reason: '', ...extra,
  }
}

describe('ledger', () => {
  it('groups tasks into the four state columns in order', () => {
    const cols = boardColumns([task('a', 'done'), task('b', 'late'), task('c', 'late'), task('d', 'not_started')])
    expect(cols.map((c) => c.state)).toEqual(['not_started', 'in_progress', 'late', 'done'])
    expect(cols.map((c) => c.items.map((t) => t.id))).toEqual([['d'], [], ['b', 'c'], ['a']])
  })
  it('marks overdue, overdue milestones and stalled tasks with text', () => {
    expect(flagLabels(task('a', 'late', { overdue: true, overdue_milestones: [1, 2], stalled: true }))).toEqual([
      '逾期',
      '节点逾期×2',
      '停滞',
    ])
    expect(flagLabels(task('b', 'in_progress'))).toEqual([])
  })
  it('checks evidence files before upload', () => {
    expect(evidenceProblem('验收单.PDF', 1000)).toBeNull()
    expect(evidenceProblem('setup.exe', 1000)).toContain('仅接受')
    expect(evidenceProblem('a.pdf', 5 * 1024 * 1024)).toContain('过大')
    expect(evidenceProblem('a.pdf', 0)).toContain('为空')
  })
  it('encodes bytes as Base64', () => {
    expect(toBase64(new TextEncoder().encode('%PDF-1.4\n'))).toBe('JVBERi0xLjQK')
    expect(toBase64(new Uint8Array(70000)).length).toBe(93336)
  })
  it('checks the task form before sending it', () => {
    const ok = { ...emptyTaskForm('500235'), title: ' 新建实验室 ', due_date: '2025-12-31' }
    expect(taskFormProblem(ok)).toBeNull()
    expect(taskFormProblem({ ...ok, title: '  ' })).toBe('请填写任务名称')
    expect(taskFormProblem({ ...ok, title: '好'.repeat(167) })).toContain('过长')
    expect(taskFormProblem({ ...ok, unit_code: '' })).toBe('请选择责任单位')
    expect(taskFormProblem({ ...ok, due_date: '' })).toBe('请选择完成期限')
    expect(taskFormProblem({ ...ok, start_date: '2026-01-01' })).toContain('不能晚于')
    expect(taskFormProblem({ ...ok, planned_quantity: -1, quantity_unit: '间' })).toContain('不能为负')
    expect(taskFormProblem({ ...ok, planned_quantity: 6 })).toContain('计量单位')
    expect(taskFormProblem({ ...ok, planned_quantity: 6, quantity_unit: '间' })).toBeNull()
  })
  it('builds the new-task body without empty optional fields', () => {
    const f = { ...emptyTaskForm('500235'), title: ' 新建实验室 ', due_date: '2025-12-31', department: ' 装备科 ', planned_quantity: 0, quantity_unit: '间' }
    expect(newTaskBody(f)).toEqual({
      title: '新建实验室', unit_code: '500235', due_date: '2025-12-31', department: '装备科', planned_quantity: 0, quantity_unit: '间',
    })
  })
  it('patches only the fields that changed', () => {
    const before = { ...task('x', 'in_progress'), title: '旧', department: '装备科', milestones: [], progress: [] } as TaskDetail
    const f = { ...emptyTaskForm('500235'), title: '新', department: '装备科', due_date: '2025-12-31' }
    expect(taskPatch(before, f)).toEqual({ title: '新' })
    expect(taskPatch(before, { ...f, title: '旧', unit_code: '500235001', due_date: '2026-06-30' })).toEqual({
      unit_code: '500235001', due_date: '2026-06-30',
    })
  })
  it('offers the account unit and its townships as responsible units', () => {
    const root = { code: '500235', name: '云阳县', kind: '县', school_count: 2, children: [
      { code: '500235001', name: '双江街道', kind: '乡镇', school_count: 2, children: [] },
    ] }
    expect(unitChoices(root)).toEqual([{ code: '500235', name: '云阳县' }, { code: '500235001', name: '　双江街道' }])
    expect(unitChoices(undefined)).toEqual([])
  })
})

