// State of the 工作台账 page: filters (unit, state, flagged), the list, the board columns, the task
// being edited and its progress form.
import { computed, reactive, ref } from 'vue'
import { ledgerApi, TASK_STATES, type LedgerTask, type TaskState } from '@/api/ledger'
import { useAsync } from '@/composables/useAsync'

/** Tasks grouped into the board's columns, in TASK_STATES order (exported for tests). */
export function boardColumns(items: LedgerTask[]): { state: TaskState; items: LedgerTask[] }[] {
  return TASK_STATES.map((state) => ({ state, items: items.filter((t) => t.state === state) }))
}

/** Text markers of a task's flags (never colour alone). */
export function flagLabels(t: LedgerTask): string[] {
  const out: string[] = []
  if (t.overdue) out.push('逾期')
  if (t.overdue_milestones.length) out.push(`节点逾期×${t.overdue_milestones.length}`)
  if (t.stalled) out.push('停滞')
  return out
}

export function useLedger() {
  const filter = reactive({ unit: '', state: '', flagged: false })
  const view = ref<'board' | 'table'>('board')
  const load = useAsync(() =>
    ledgerApi.list({ unit: filter.unit || undefined, state: filter.state || undefined, flagged: filter.flagged }),
  )
  const items = computed(() => load.data.value?.items ?? [])
  const columns = computed(() => boardColumns(items.value))
  const units = computed(() => {
    const m = new Map<string, string>()
    for (const t of items.value) m.set(t.unit_code, t.unit_name || t.unit_code)
    return [...m.entries()].map(([code, name]) => ({ code, name }))
  })
  const selected = ref<string | null>(null)
  const detail = useAsync((id: string) => ledgerApi.detail(id))
  function open(id: string) {
    selected.value = id
    void detail.run(id)
  }
  void load.run()
  return { filter, view, load, items, columns, units, selected, detail, open, reload: () => load.run() }
}
