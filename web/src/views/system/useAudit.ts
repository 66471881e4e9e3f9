// The audit log, newest first. The API pages by sequence number (seq 1, 2, 3 … without gaps):
// page p of size L under the newest entry `head` is the ascending window after_seq = head − p·L.
// With an actor/action filter the newest 1000 matching entries are paged on the client.
import { computed, reactive, ref } from 'vue'
import { auditApi } from '@/api/system'
import { useAsync } from '@/composables/useAsync'
import type { AuditEntry } from '@/api/types'

export const FILTERED_LIMIT = 1000

/** The ascending window holding page `page` (1-based, newest first) below `head` (exported for tests). */
export function auditWindow(head: number, page: number, size: number): { after_seq: number; limit: number } | null {
  const top = head - (page - 1) * size
  if (top <= 0) return null
  const after = Math.max(0, top - size)
  return { after_seq: after, limit: top - after }
}

export function useAudit() {
  const filter = reactive({ actor: '', action: '' })
  const page = ref(1)
  const pageSize = 50
  const head = ref(0)
  const filtered = ref<AuditEntry[]>([])
  const verify = useAsync(() => auditApi.verify())

  const load = useAsync(async (p: number): Promise<AuditEntry[]> => {
    if (filter.actor || filter.action) {
      if (p === 1 || !filtered.value.length) {
        const res = await auditApi.list({
          actor: filter.actor || undefined,
          action: filter.action || undefined,
          order: 'desc',
          limit: FILTERED_LIMIT,
        })
        filtered.value = res.items
      }
      return filtered.value.slice((p - 1) * pageSize, p * pageSize)
    }
    if (p === 1 || head.value === 0) {
      const res = await auditApi.list({ order: 'desc', limit: pageSize })
      head.value = res.items[0]?.seq ?? 0
      if (p === 1) return res.items
    }
    const w = auditWindow(head.value, p, pageSize)
    if (!w) return []
    const res = await auditApi.list({ ...w, order: 'asc' })
    return [...res.items].reverse()
  })

  const total = computed(() => (filter.actor || filter.action ? filtered.value.length : head.value))

  function go(p: number) {
    page.value = p
    void load.run(p)
  }
  function search() {
    filtered.value = []
    head.value = 0
    go(1)
  }
  function reset() {
    filter.actor = ''
    filter.action = ''
    search()
  }

  go(1)
  return { filter, page, pageSize, total, load, go, search, reset, verify }
}
