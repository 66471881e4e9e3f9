// The 新增/编辑任务 dialog of the 工作台账 page: the form, its client-side checks (the server checks
// again and its Chinese message is shown), the responsible-unit choices (the account's units from
// the administrative tree, or a school found by name) and saving as POST (new) or PATCH (changed
// fields only).
import { computed, reactive, ref } from 'vue'
import { ledgerApi, type NewTask, type TaskDetail, type TaskPatch } from '@/api/ledger'
import { adminUnitsApi } from '@/api/admin_units'
import { unitChoices, useSchoolSearch } from '@/composables/useSchoolSearch'
import { toApiError, useAsync } from '@/composables/useAsync'
import type { SchoolSummary } from '@/api/types'

export interface TaskForm {
  title: string
  unit_code: string
  department: string
  lead: string
  start_date: string
  due_date: string
  planned_quantity: number | null
  quantity_unit: string
  note: string
}

export function emptyTaskForm(unit = ''): TaskForm {
  return {
    title: '',
    unit_code: unit,
    department: '',
    lead: '',
    start_date: '',
    due_date: '',
    planned_quantity: null,
    quantity_unit: '',
    note: '',
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The first problem of a form in Chinese, or null (exported for tests). */
export function taskFormProblem(f: TaskForm): string | null {
  const title = f.title.trim()
  if (!title) return '请填写任务名称'
  if (new TextEncoder().encode(title).length > 500) return '任务名称过长（上限 500 字节）'
  if (!f.unit_code) return '请选择责任单位'
  if (!DATE.test(f.due_date)) return '请选择完成期限'
  if (f.start_date && !DATE.test(f.start_date)) return '开始日期格式应为 YYYY-MM-DD'
  if (f.start_date && f.start_date > f.due_date) return '开始日期不能晚于完成期限'
  if (f.planned_quantity !== null && f.planned_quantity < 0) return '计划数量不能为负'
  if (f.planned_quantity !== null && !f.quantity_unit.trim()) return '填写计划数量时请注明计量单位'
  return null
}

/** The POST body of a new task: trimmed, empty optional fields left out (exported for tests). */
export function newTaskBody(f: TaskForm): NewTask {
  const body: NewTask = { title: f.title.trim(), unit_code: f.unit_code, due_date: f.due_date }
  const opt = { department: f.department, lead: f.lead, start_date: f.start_date, quantity_unit: f.quantity_unit, note: f.note }
  for (const [k, v] of Object.entries(opt)) if (v.trim()) (body as unknown as Record<string, string>)[k] = v.trim()
  if (f.planned_quantity !== null) body.planned_quantity = f.planned_quantity
  return body
}

/** The PATCH body: only the editable fields that changed (exported for tests). */
export function taskPatch(before: TaskDetail, f: TaskForm): TaskPatch {
  const patch: TaskPatch = {}
  if (f.title.trim() !== before.title) patch.title = f.title.trim()
  if (f.unit_code !== before.unit_code) patch.unit_code = f.unit_code
  if (f.due_date !== before.due_date) patch.due_date = f.due_date
  if (f.department.trim() !== before.department) patch.department = f.department.trim()
  if (f.lead.trim() !== before.lead) patch.lead = f.lead.trim()
  return patch
}

export function useTaskForm(onSaved: (task: TaskDetail) => Promise<void> | void) {
  const tree = useAsync(() => adminUnitsApi.tree())
  const open = ref(false)
  const editing = ref<TaskDetail | null>(null)
  const form = reactive<TaskForm>(emptyTaskForm())
  const error = ref('')
  const saving = ref(false)
  const { options: schools, searching, search: searchSchools } = useSchoolSearch()
  const units = computed(() => unitChoices(tree.data.value?.root))

  async function ensureTree() {
    if (!tree.data.value && !tree.loading.value) await tree.run()
  }
  async function openCreate() {
    editing.value = null
    error.value = ''
    await ensureTree()
    Object.assign(form, emptyTaskForm(tree.data.value?.root.code ?? ''))
    open.value = true
  }
  async function openEdit(task: TaskDetail) {
    editing.value = task
    error.value = ''
    await ensureTree()
    Object.assign(form, emptyTaskForm(task.unit_code), {
      title: task.title,
      department: task.department,
      lead: task.lead,
      due_date: task.due_date,
    })
    // A school as responsible unit shows by name in the school choice.
    if (!units.value.some((u) => u.code === task.unit_code)) {
      schools.value = [{ code: task.unit_code, name: task.unit_name } as SchoolSummary]
    }
    open.value = true
  }
  async function save(): Promise<boolean> {
    error.value = taskFormProblem(form) ?? ''
    if (error.value) return false
    saving.value = true
    try {
      let saved: TaskDetail
      if (editing.value) {
        const patch = taskPatch(editing.value, form)
        saved = Object.keys(patch).length ? await ledgerApi.update(editing.value.id, patch) : editing.value
      } else {
        saved = await ledgerApi.create(newTaskBody(form))
      }
      open.value = false
      await onSaved(saved)
      return true
    } catch (e) {
      error.value = toApiError(e).message
      return false
    } finally {
      saving.value = false
    }
  }
  return { open, editing, form, error, saving, units, schools, searching, openCreate, openEdit, searchSchools, save }
}
