// Writing a page's state into the address without hijacking a navigation: the query is replaced
// (or pushed) on the page's own path only while that page is still the current route, so a
// watcher that fires late (data arriving while the user already clicked elsewhere) never pulls
// the user back or cancels the navigation under way.
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router'

export function useQuerySync() {
  const route = useRoute()
  const router = useRouter()
  const path = route.path
  return function setQuery(query: LocationQueryRaw, push = false): void {
    const current = router.currentRoute.value
    if (current.path !== path) return
    const target = { path, query }
    void (push ? router.push(target) : router.replace(target))
  }
}
