// The ledger page's pure helpers: board columns, flag markers (text, not colour), the client-side
// evidence check and Base64 encoding.
import { describe, expect, it } from 'vitest'
import { evidenceProblem, toBase64, type LedgerTask } from '@/api/ledger'
import { boardColumns, flagLabels } from '@/views/ledger/useLedger'

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
})
