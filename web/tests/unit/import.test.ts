// The 数据导入 page's pure helpers (file checks, issue paging/filtering, outcomes), the upload
// request (raw body, query, CSRF header, progress, error bodies) and the export links.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { checkFile, filterIssues, formatBytes, issuePlace, outcomeOf, pageOf } from '@/utils/import_report'
import { exportUrl, templateUrl, uploadImport, type ImportIssue } from '@/api/io'
import { ApiError } from '@/api/http'

const issue = (severity: ImportIssue['severity'], row: number): ImportIssue => ({
  severity,
  code: severity === 'info' ? 'example_row' : 'required',
  sheet: '学生',
  row,
  column: '姓名',
  cell: row ? `B${row}` : '',
  value: '',
  message: '必填项「姓名」为空',
})

describe('file checks before upload', () => {
  it('accepts spreadsheets within the limit', () => {
    expect(checkFile({ name: '学生.XLSX', size: 10 }, 100)).toBeNull()
    expect(checkFile({ name: 'a.csv', size: 100 }, 100)).toBeNull()
    expect(checkFile({ name: 'wps.xls', size: 1 }, 0)).toBeNull()
  })
  it('refuses other types, empty and oversized files', () => {
    expect(checkFile({ name: 'a.pdf', size: 10 }, 100)).toEqual({ key: 'import.badType' })
    expect(checkFile({ name: 'a.xlsx', size: 0 }, 100)).toEqual({ key: 'import.emptyFile' })
    expect(checkFile({ name: 'a.xlsx', size: 101 }, 100)).toEqual({ key: 'import.tooLarge', params: { max: '100 B' } })
    expect(checkFile({ name: 'a.csv', size: 300 * 1024 * 1024 }, 256 * 1024 * 1024)?.params).toEqual({ max: '256 MB' })
  })
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(10 * 1024)).toBe('10 KB')
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe('5.0 GB')
  })
})

describe('issue table', () => {
  const issues = [issue('info', 2), ...Array.from({ length: 45 }, (_, i) => issue(i % 3 ? 'error' : 'warning', i + 3))]
  it('filters by severity', () => {
    expect(filterIssues(issues, 'all')).toHaveLength(46)
    expect(filterIssues(issues, 'warning')).toHaveLength(15)
    expect(filterIssues(issues, 'error')).toHaveLength(30)
  })
  it('pages', () => {
    expect(pageOf(issues, 1, 20).map((i) => i.row)[0]).toBe(2)
    expect(pageOf(issues, 3, 20).map((i) => i.row)).toEqual([42, 43, 44, 45, 46, 47])
    expect(pageOf(issues, 0, 20)).toHaveLength(20)
    expect(pageOf(issues, 4, 20)).toEqual([])
  })
  it('places whole-file issues', () => {
    expect(issuePlace(issue('error', 0))).toEqual({ row: '—', cell: '—' })
    expect(issuePlace(issue('error', 7))).toEqual({ row: '7', cell: 'B7' })
  })
  it('names the outcome', () => {
    expect(outcomeOf({ written: true, check_only: false, errors: 0 })).toBe('imported')
    expect(outcomeOf({ written: false, check_only: true, errors: 0 })).toBe('checkedOk')
    expect(outcomeOf({ written: false, check_only: true, errors: 2 })).toBe('checkedErrors')
    expect(outcomeOf({ written: false, check_only: false, errors: 2 })).toBe('rejected')
  })
})

describe('links', () => {
  it('builds template and export urls', () => {
    expect(templateUrl('students')).toBe('/api/v1/import/templates/students')
    expect(exportUrl('students', { unit: '5002350001', year: 2020, personal: undefined })).toBe(
      '/api/v1/export/students?format=xlsx&unit=5002350001&year=2020',
    )
    expect(exportUrl('schools', { format: 'csv' })).toBe('/api/v1/export/schools?format=csv')
  })
})

// A minimal XMLHttpRequest double recording what was sent.
class FakeXhr {
  static last: FakeXhr
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  status = 0
  responseText = ''
  timeout = 0
  withCredentials = false
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  ontimeout: (() => void) | null = null
  constructor() {
    FakeXhr.last = this
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: unknown) {
    this.body = body
  }
  respond(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

describe('upload', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends the raw file with table, year, check and CSRF, and reports progress', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    const file = new File(['学校标识码\n'], '学生 名单.csv')
    const seen: number[] = []
    const p = uploadImport(file, { table: 'students', year: 2024, check: true, csrfToken: 'tok', onProgress: (f) => seen.push(f) })
    const x = FakeXhr.last
    expect(x.method).toBe('POST')
    expect(x.url).toBe('/api/v1/import?table=students&year=2024&check=1&file_name=%E5%AD%A6%E7%94%9F+%E5%90%8D%E5%8D%95.csv')
    expect(x.headers['X-CSRF-Token']).toBe('tok')
    expect(x.headers['Content-Type']).toBe('application/octet-stream')
    expect(x.body).toBe(file)
    x.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 })
    x.respond(200, { written: false, check_only: true, errors: 0 })
    await expect(p).resolves.toMatchObject({ check_only: true })
    expect(seen).toEqual([0.5, 1])
  })

  it('turns error bodies into ApiError (413 with the server message)', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    const p = uploadImport(new File(['x'], 'a.csv'), { table: 'schools', check: false })
    expect(FakeXhr.last.url).toBe('/api/v1/import?table=schools&check=0&file_name=a.csv')
    FakeXhr.last.respond(413, { error: { code: 'payload_too_large', message: '上传的文件过大' } })
    const e = await p.catch((err: unknown) => err)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).status).toBe(413)
    expect((e as ApiError).message).toBe('上传的文件过大')
  })

  it('reports network failures', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    const p = uploadImport(new File(['x'], 'a.csv'), { table: 'schools', check: false })
    FakeXhr.last.onerror?.()
    await expect(p).rejects.toMatchObject({ code: 'network' })
  })
})
