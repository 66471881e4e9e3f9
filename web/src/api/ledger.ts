// 工作台账 (work ledger): tasks with their derived state, details with milestones, progress and
// evidence; progress entry and evidence upload (Base64 in JSON, checked again by the server).
// Wire shapes: src/server/dto.cc (TaskJson …) and src/server/handlers_ledger.cc.
import { selectedPlanId } from './plan'
import { buildUrl, http } from './http'

export type TaskState = 'not_started' | 'in_progress' | 'done' | 'late'
export const TASK_STATES: TaskState[] = ['not_started', 'in_progress', 'late', 'done']

export interface LedgerTask {
  id: string
  title: string
  unit_code: string
  unit_name: string
  department: string
  lead: string
  section_id: string
  planned_quantity: number | null
  quantity_unit: string
  due_date: string
  state: TaskState
  state_zh: string
  percent: number
  quantity: number | null
  last_report: string | null
  overdue: boolean
  overdue_milestones: number[]
  stalled: boolean
  flagged: boolean
  reason: string
}

export interface Evidence {
  id: string
  file_name: string
  media_type: string
  size: number
  uploaded_by: string
}

export interface TaskDetail extends LedgerTask {
  milestones: { seq: number; title: string; due_date: string; done_date: string | null; planned_quantity: number | null }[]
  progress: { seq: number; report_date: string; percent: number; quantity: number; text: string; reported_by: string; evidence: Evidence[] }[]
}

export interface TaskList {
  as_of: string
  counts: Record<TaskState | 'flagged' | 'total', number>
  items: LedgerTask[]
}

/** Extensions the server accepts (it checks the magic bytes as well). */
export const EVIDENCE_EXTENSIONS = ['.pdf', '.png', '.jpg', '.jpeg', '.xlsx', '.docx']
export const EVIDENCE_MAX_BYTES = 4 * 1024 * 1024

/** A client-side first check of a chosen file; null when fine, else a Chinese message. */
export function evidenceProblem(name: string, size: number, max = EVIDENCE_MAX_BYTES): string | null {
  const lower = name.toLowerCase()
  if (!EVIDENCE_EXTENSIONS.some((e) => lower.endsWith(e))) return '仅接受 PDF、PNG、JPEG、xlsx、docx 文件'
  if (size > max) return `文件过大（上限 ${Math.round(max / 1024 / 1024)} MB）`
  if (size === 0) return '文件内容为空'
  return null
}

/** Base64 of bytes, in chunks (no call-stack limit on large files). */
export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

/** The body of a new task; the server numbers it (T<yyyymmdd>-<n>). */
export interface NewTask {
  title: string
  unit_code: string
  due_date: string
  start_date?: string
  department?: string
  lead?: string
  section_id?: string
  planned_quantity?: number
  quantity_unit?: string
  note?: string
}

/** Fields a PATCH may change. */
export type TaskPatch = Partial<Pick<NewTask, 'title' | 'unit_code' | 'due_date' | 'department' | 'lead' | 'note'>>

export const ledgerApi = {
  create: (body: NewTask) => http.post<TaskDetail>('/tasks', body),
  update: (id: string, patch: TaskPatch) => http.patch<TaskDetail>(`/tasks/${encodeURIComponent(id)}`, patch),
  list: (q: { unit?: string; state?: string; flagged?: boolean; as_of?: string } = {}) =>
    http.get<TaskList>('/tasks', { ...q, flagged: q.flagged ? 1 : undefined }),
  detail: (id: string) => http.get<TaskDetail>(`/tasks/${encodeURIComponent(id)}`),
  progress: (id: string, body: { percent: number; quantity?: number; text: string; report_date?: string }) =>
    http.post<{ seq: number }>(`/tasks/${encodeURIComponent(id)}/progress`, body),
  upload: async (id: string, seq: number, file: File) =>
    http.post<Evidence>(`/tasks/${encodeURIComponent(id)}/progress/${seq}/evidence`, {
      file_name: file.name,
      content_base64: toBase64(new Uint8Array(await file.arrayBuffer())),
    }),
  evidenceUrl: (id: string) => buildUrl(`/evidence/${id}`),
  reportUrl: (kind: 'annual' | 'midterm' | 'final', format: 'pdf' | 'xlsx') =>
    buildUrl('/reports/evaluation', { kind, format, plan: selectedPlanId() || undefined }),
}
