// Calls `refresh` every `seconds` (never overlapping: the countdown restarts after each refresh
// settles) and exposes the seconds left; stops when the component unmounts.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useAutoRefresh(refresh: () => Promise<unknown>, seconds: number) {
  const left = ref(seconds)
  const running = ref(false)
  let timer: ReturnType<typeof setInterval> | null = null

  async function tick() {
    if (running.value) return
    left.value -= 1
    if (left.value > 0) return
    running.value = true
    try {
      await refresh()
    } catch {
      /* the page shows the failure from its own request state; keep counting */
    } finally {
      running.value = false
      left.value = seconds
    }
  }

  function start() {
    stop()
    left.value = seconds
    timer = setInterval(() => void tick(), 1000)
  }
  function stop() {
    if (timer) clearInterval(timer)
    timer = null
  }

  onMounted(start)
  onBeforeUnmount(stop)
  return { left, running, start, stop }
}
