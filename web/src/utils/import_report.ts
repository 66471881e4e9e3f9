// Pure helpers of the 数据导入 page: file checks before upload, paging and filtering of the issue
// list, and the one-line outcome of an import (unit-tested).
import type { ImportIssue, ImportResult } from '@/api/io'

export const ACCEPTED_EXTENSIONS = ['.xlsx', '.csv', '.txt', '.xls'] as const

/** Why a file cannot be sent (a message key and its parameters), or null when it can. */
export function checkFile(
  file: { name: string; size: number },
  maxBytes: number,
): { key: string; params?: Record<string, string | number> } | null {
  const lower = file.name.toLowerCase()
  if (!ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext))) return { key: 'import.badType' }
  if (file.size === 0) return { key: 'import.emptyFile' }
  if (maxBytes > 0 && file.size > maxBytes) {
    return { key: 'import.tooLarge', params: { max: formatBytes(maxBytes) } }
  }
  return null
}

/** 1536 → "1.5 KB"; binary units, one decimal below 10. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    ++u
  }
  const text = u === 0 || v >= 10 ? String(Math.round(v)) : v.toFixed(1)
  return `${text} ${units[u]}`
}

export type SeverityFilter = 'all' | 'error' | 'warning'

/** Issues shown in the table (info notes only with "all"). */
export function filterIssues(issues: readonly ImportIssue[], severity: SeverityFilter): ImportIssue[] {
  if (severity === 'all') return [...issues]
  return issues.filter((i) => i.severity === severity)
}

/** One page (1-based) of a list. */
export function pageOf<T>(items: readonly T[], page: number, size: number): T[] {
  const p = Math.max(1, Math.floor(page))
  return items.slice((p - 1) * size, p * size)
}

export type Outcome = 'imported' | 'checkedOk' | 'checkedErrors' | 'rejected'

/** What happened to an upload. */
export function outcomeOf(r: Pick<ImportResult, 'written' | 'check_only' | 'errors'>): Outcome {
  if (r.written) return 'imported'
  if (r.check_only) return r.errors > 0 ? 'checkedErrors' : 'checkedOk'
  return 'rejected'
}

/** Where an issue is: "第 12 行 F12「身份证件号」" style parts (row 0 = the whole file). */
export function issuePlace(i: ImportIssue): { row: string; cell: string } {
  return { row: i.row > 0 ? String(i.row) : '—', cell: i.cell || '—' }
}
