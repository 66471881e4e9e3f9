// Entry: creates the app with Pinia, the router and i18n, and wires the HTTP wrapper to the
// session (CSRF token on writes; a 401 sends the user to the login page and back afterwards).
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { configureHttp } from './api/http'
import { useSessionStore } from './stores/session'
import './styles/global.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n).use(router)

const session = useSessionStore(pinia)
configureHttp({
  csrfToken: () => session.csrfToken,
  onUnauthorized: (path) => {
    if (path === '/me' || path === '/auth/login') return
    const wasLoggedIn = session.loggedIn
    session.expire()
    const current = router.currentRoute.value
    if (wasLoggedIn && current.name !== 'login') {
      void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
    }
  },
})
document.documentElement.lang = i18n.global.locale.value

app.mount('#app')
