// Spreadsheet import/export: the table list, templates, uploads with progress (XMLHttpRequest:
// fetch cannot report upload progress), the import journal with undo, and server-side exports.
// Downloads are plain same-origin GET links (the session cookie authenticates them).
import { API_BASE, ApiError, buildUrl, errorFromBody, http, messageForStatus, type QueryValue } from './http'

export interface ImportColumn {
  key: string
  header: string
  type: string
  required: boolean
  personal: boolean
}

export interface ImportTable {
  name: string
  title: string
  yearly: boolean
  description: string
  columns: ImportColumn[]
}

export interface ImportIssue {
  severity: 'error' | 'warning' | 'info'
  code: string
  sheet: string
  row: number
  column: string
  cell: string
  value: string
  message: string
}

export interface ImportResult {
  file: string
  bytes: number
  sha256: string
  format: string
  encoding?: string
  sheet: string
  header_row: number
  table: string
  year: number
  check_only: boolean
  written: boolean
  import_id: number
  rows: { read: number; added: number; changed: number; unchanged: number }
  errors: number
  warnings: number
  unknown_columns: string[]
  issues_truncated: boolean
  issues: ImportIssue[]
  report_url: string | null
}

export interface ImportRecord {
  id: number
  user: string
  started_at: number
  file_name: string
  sha256: string
  table: string
  year: number
  rows_read: number
  rows_added: number
  rows_changed: number
  rows_unchanged: number
  undone_at: number
  undone_by: string
}

export interface UploadOptions {
  table: string
  year?: number
  check: boolean
  csrfToken?: string | null
  /** Called with the fraction sent (0…1) while the file uploads. */
  onProgress?: (fraction: number) => void
  /** Upload + server-side validation of a large file can take a while. */
  timeoutMs?: number
}

/** Sends one file as the raw request body; resolves with the import summary. */
export function uploadImport(file: Blob & { name?: string }, o: UploadOptions): Promise<ImportResult> {
  const url = buildUrl('/import', {
    table: o.table,
    year: o.year,
    check: o.check ? 1 : 0,
    file_name: file.name ?? 'upload',
  })
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.timeout = o.timeoutMs ?? 10 * 60 * 1000
    xhr.withCredentials = true
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('Accept', 'application/json')
    if (o.csrfToken) xhr.setRequestHeader('X-CSRF-Token', o.csrfToken)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) o.onProgress?.(e.loaded / e.total)
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        o.onProgress?.(1)
        resolve(body as ImportResult)
      } else {
        reject(errorFromBody(xhr.status, body))
      }
    }
    xhr.onerror = () => reject(new ApiError('network', '无法连接服务器，请检查网络后重试', 0))
    xhr.ontimeout = () => reject(new ApiError('timeout', '上传超时，请检查网络后重试', 0))
    xhr.send(file)
  })
}

export const ioApi = {
  tables: () => http.get<{ tables: ImportTable[]; max_bytes: number }>('/import/tables'),
  imports: () => http.get<{ items: ImportRecord[] }>('/imports'),
  undo: (id: number) => http.post<ImportRecord>(`/imports/${id}/undo`),
}

/** The template download link of a table. */
export function templateUrl(table: string): string {
  return `${API_BASE}/import/templates/${encodeURIComponent(table)}`
}

/** A server export link (xlsx or csv) within the caller's scope; masked unless personal. */
export function exportUrl(table: string, query: Record<string, QueryValue> = {}): string {
  return buildUrl(`/export/${encodeURIComponent(table)}`, { format: 'xlsx', ...query })
}

export { messageForStatus }
