// Login form state: submits credentials, shows the server's message on failure, and returns to
// the page the user came from (same-site paths only) or the role's home page.
import { reactive, ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '@/stores/session'
import { toApiError } from '@/composables/useAsync'
import { homePath, safeRedirect } from '@/utils/access'
import type { DemoAccount } from '@/api/types'

export function useLogin() {
  const session = useSessionStore()
  const router = useRouter()
  const route = useRoute()
  const { t } = useI18n()
  const form = reactive({ username: '', password: '' })
  const submitting = ref(false)
  const error = ref('')

  function fillDemo(account: DemoAccount) {
    form.username = account.username
    form.password = account.password
    error.value = ''
  }

  async function submit() {
    if (!form.username.trim() || !form.password) {
      error.value = t('login.required')
      return
    }
    submitting.value = true
    error.value = ''
    try {
      const user = await session.login(form.username.trim(), form.password)
      await router.replace(safeRedirect(route.query.redirect) ?? homePath(user, session.permissions))
    } catch (e) {
      error.value = toApiError(e).message
    } finally {
      submitting.value = false
    }
  }

  return { session, form, submitting, error, fillDemo, submit }
}
