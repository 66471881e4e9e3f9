// The plan evaluation report (GET /reports/evaluation, docs/report.md): annual, mid-term or final,
// for a school year, as PDF or xlsx. Downloaded as a blob so the file gets a Chinese name.
import { buildUrl, errorFromBody } from './http'
import { selectedPlanId } from './plan'

export type ReportKind = 'annual' | 'midterm' | 'final'
export type ReportFormat = 'pdf' | 'xlsx'
export const REPORT_KINDS: ReportKind[] = ['annual', 'midterm', 'final']

export function reportUrl(kind: ReportKind, format: ReportFormat, year?: number | null): string {
  return buildUrl('/reports/evaluation', { kind, format, year: year ?? undefined, plan: selectedPlanId() || undefined })
}

/** Fetches the report and saves it as `fileName` (extension added). */
export async function downloadReport(kind: ReportKind, format: ReportFormat, year: number | null, fileName: string): Promise<number> {
  const r = await fetch(reportUrl(kind, format, year), { credentials: 'same-origin' })
  if (!r.ok) {
    const body: unknown = await r.json().catch(() => null)
    throw errorFromBody(r.status, body)
  }
  const blob = await r.blob()
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = `${fileName}.${format}`
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10000)
  return blob.size
}


