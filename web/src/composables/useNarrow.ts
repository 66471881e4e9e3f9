// Whether the window is phone-narrow (≤ 860 px, where the header switches to the ☰ drawer).
import { onBeforeUnmount, ref, type Ref } from 'vue'

export const NARROW_PX = 860

export function useNarrow(): Ref<boolean> {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth <= NARROW_PX)
  const update = () => (narrow.value = window.innerWidth <= NARROW_PX)
  window.addEventListener('resize', update)
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return narrow
}
