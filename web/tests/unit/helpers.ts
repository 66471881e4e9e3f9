// Runs a composable inside a mounted component (so lifecycle hooks fire) with Pinia installed.
import { createApp, defineComponent, h } from 'vue'
import { createPinia, setActivePinia } from 'pinia'

export function withSetup<T>(composable: () => T): { result: T; unmount: () => void } {
  let result!: T
  const pinia = createPinia()
  setActivePinia(pinia)
  const app = createApp(
    defineComponent({
      setup() {
        result = composable()
        return () => h('div')
      },
    }),
  )
  app.use(pinia)
  const el = document.createElement('div')
  app.mount(el)
  return { result, unmount: () => app.unmount() }
}
