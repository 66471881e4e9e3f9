// Breadcrumbs below the header: home › page title › whatever the page adds (a township, a
// school). A page sets its extra crumbs; they are cleared when the route's path changes.
import { shallowRef } from 'vue'
import type { RouteLocationRaw } from 'vue-router'

export interface Crumb {
  label: string
  to?: RouteLocationRaw
}

const extra = shallowRef<Crumb[]>([])
/** The school year a page is showing (for the print header); null = the latest. */
const pageYear = shallowRef<number | null>(null)

export function useBreadcrumb() {
  return {
    extra,
    pageYear,
    set(crumbs: Crumb[]) {
      extra.value = crumbs
    },
    setYear(y: number | null) {
      pageYear.value = y
    },
    clear() {
      extra.value = []
      pageYear.value = null
    },
  }
}
