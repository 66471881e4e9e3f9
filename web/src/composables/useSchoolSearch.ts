// A school picker's remote search (by name or code, first 50 in the caller's scope) and the
// administrative units one may choose beside schools (the account's unit and its townships).
import { ref } from 'vue'
import { schoolsApi } from '@/api/schools'
import type { AdminUnitNode, SchoolSummary } from '@/api/types'

export function useSchoolSearch() {
  const options = ref<SchoolSummary[]>([])
  const searching = ref(false)
  async function search(q: string) {
    searching.value = true
    try {
      options.value = (await schoolsApi.list({ q: q || undefined, page_size: 50 })).items
    } catch {
      options.value = []
    } finally {
      searching.value = false
    }
  }
  return { options, searching, search }
}

/** The account's unit and its townships as choices, the township names indented. */
export function unitChoices(root: AdminUnitNode | undefined): { code: string; name: string }[] {
  if (!root) return []
  return [{ code: root.code, name: root.name }, ...root.children.map((c) => ({ code: c.code, name: `　${c.name}` }))]
}
