// Request state for a view: data, loading, error and retry. Only the latest call may write its
// result (a slow earlier answer never overwrites a newer one). Errors become ApiError with a
// message fit for the user; the HTTP wrapper's timeout guarantees `loading` always ends.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { ApiError } from '@/api/http'

export interface AsyncState<T, A extends unknown[]> {
  data: ShallowRef<T | undefined>
  error: ShallowRef<ApiError | null>
  loading: Ref<boolean>
  run: (...args: A) => Promise<T | undefined>
  retry: () => Promise<T | undefined>
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const message = e instanceof Error && e.message ? e.message : '发生未知错误'
  return new ApiError('client', message, 0)
}

export function useAsync<T, A extends unknown[] = []>(
  fn: (...args: A) => Promise<T>,
  options: { initial?: T } = {},
): AsyncState<T, A> {
  const data = shallowRef<T | undefined>(options.initial)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)
  let seq = 0
  let lastArgs: A | null = null

  async function run(...args: A): Promise<T | undefined> {
    const id = ++seq
    lastArgs = args
    loading.value = true
    error.value = null
    try {
      const result = await fn(...args)
      if (id === seq) data.value = result
      return result
    } catch (e) {
      if (id === seq) error.value = toApiError(e)
      return undefined
    } finally {
      if (id === seq) loading.value = false
    }
  }

  function retry(): Promise<T | undefined> {
    return run(...((lastArgs ?? []) as A))
  }

  return { data, error, loading, run, retry }
}
