// Account management: the list of accounts in the administrator's unit, creating and editing
// (role, binding unit, disabled, personal-data grant, password). Every change is audited by the
// server; validation messages come from the server in Chinese.
import { computed, reactive, ref } from 'vue'
import { usersApi, type NewUser, type UserPatch } from '@/api/system'
import { adminUnitsApi } from '@/api/admin_units'
import { unitChoices, useSchoolSearch } from '@/composables/useSchoolSearch'
import { useAsync, toApiError } from '@/composables/useAsync'
import type { Role, User } from '@/api/types'

export const ROLES: Role[] = ['admin', 'county_staff', 'leader', 'school', 'auditor']

export interface UserForm {
  id: number | null
  username: string
  display_name: string
  role: Role
  unit_code: string
  password: string
  disabled: boolean
  view_personal: boolean
}

function emptyForm(unit: string): UserForm {
  return {
    id: null,
    username: '',
    display_name: '',
    role: 'leader',
    unit_code: unit,
    password: '',
    disabled: false,
    view_personal: false,
  }
}

/** The PATCH body: only fields that changed (exported for tests). */
export function userPatch(before: User, form: UserForm): UserPatch {
  const patch: UserPatch = {}
  if (form.display_name !== before.display_name) patch.display_name = form.display_name
  if (form.role !== before.role) patch.role = form.role
  if (form.unit_code !== before.unit_code) patch.unit_code = form.unit_code
  if (form.disabled !== !!before.disabled) patch.disabled = form.disabled
  if (form.view_personal !== !!before.view_personal) patch.view_personal = form.view_personal
  if (form.password) patch.password = form.password
  return patch
}

export function useUsers() {
  const list = useAsync(() => usersApi.list())
  const units = useAsync(() => adminUnitsApi.tree())
  const dialog = ref(false)
  const saving = ref(false)
  const formError = ref('')
  const editing = ref<User | null>(null)
  const form = reactive<UserForm>(emptyForm(''))
  const { options: schoolOptions, searching: schoolSearching, search: searchSchools } = useSchoolSearch()

  const unitOptions = computed(() => unitChoices(units.data.value?.root))
  const unitName = (code: string) => {
    const u = unitOptions.value.find((o) => o.code === code)
    return u ? u.name.trim() : code
  }

  function openCreate() {
    editing.value = null
    Object.assign(form, emptyForm(units.data.value?.root.code ?? ''))
    formError.value = ''
    dialog.value = true
  }

  function openEdit(u: User) {
    editing.value = u
    Object.assign(form, {
      id: u.id,
      username: u.username,
      display_name: u.display_name,
      role: u.role,
      unit_code: u.unit_code,
      password: '',
      disabled: !!u.disabled,
      view_personal: !!u.view_personal,
    })
    formError.value = ''
    dialog.value = true
  }

  /** Saves the dialog; resolves to what happened (null when the server refused). */
  async function save(): Promise<'saved' | 'created' | null> {
    formError.value = ''
    saving.value = true
    try {
      if (editing.value) {
        const patch = userPatch(editing.value, form)
        if (Object.keys(patch).length) await usersApi.update(editing.value.id, patch)
      } else {
        const body: NewUser = {
          username: form.username.trim(),
          display_name: form.display_name.trim(),
          role: form.role,
          unit_code: form.unit_code,
          password: form.password,
          view_personal: form.view_personal,
        }
        await usersApi.create(body)
      }
      const done = editing.value ? 'saved' : 'created'
      dialog.value = false
      await list.run()
      return done
    } catch (e) {
      formError.value = toApiError(e).message
      return null
    } finally {
      saving.value = false
    }
  }

  void list.run()
  void units.run()

  return {
    list,
    units,
    unitOptions,
    unitName,
    dialog,
    saving,
    formError,
    editing,
    form,
    schoolOptions,
    schoolSearching,
    openCreate,
    openEdit,
    searchSchools,
    save,
  }
}
