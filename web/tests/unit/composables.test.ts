// Composables: request state (latest call wins, errors, retry) and the wall display's refresh.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import { useAsync, toApiError } from '@/composables/useAsync'
import { useAutoRefresh } from '@/composables/useAutoRefresh'
import { withSetup } from './helpers'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useAsync', () => {
  it('keeps only the latest answer', async () => {
    const calls: ReturnType<typeof deferred<string>>[] = []
    const s = useAsync((_: number) => {
      const d = deferred<string>()
      calls.push(d)
      return d.promise
    })
    const first = s.run(1)
    const second = s.run(2)
    expect(s.loading.value).toBe(true)
    calls[1]?.resolve('new')
    await second
    calls[0]?.resolve('old')
    await first
    expect(s.data.value).toBe('new')
    expect(s.loading.value).toBe(false)
  })

  it('turns failures into ApiError and retries with the last arguments', async () => {
    const fn = vi
      .fn<(n: number) => Promise<number>>()
      .mockRejectedValueOnce(new ApiError('timeout', '请求超时，请检查网络后重试', 0))
      .mockResolvedValueOnce(42)
    const s = useAsync(fn)
    await s.run(7)
    expect(s.error.value?.message).toBe('请求超时，请检查网络后重试')
    expect(s.loading.value).toBe(false)
    await s.retry()
    expect(fn).toHaveBeenLastCalledWith(7)
    expect(s.data.value).toBe(42)
    expect(s.error.value).toBeNull()
  })

  it('wraps non-API errors', () => {
    expect(toApiError(new Error('boom')).message).toBe('boom')
    expect(toApiError('x').message).toBe('发生未知错误')
  })
})

describe('useAutoRefresh', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('refreshes every N seconds and counts down', async () => {
    const refresh = vi.fn(() => Promise.resolve())
    const { result, unmount } = withSetup(() => useAutoRefresh(refresh, 3))
    expect(result.left.value).toBe(3)
    await vi.advanceTimersByTimeAsync(1000)
    expect(result.left.value).toBe(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(result.left.value).toBe(3)
    await vi.advanceTimersByTimeAsync(3000)
    expect(refresh).toHaveBeenCalledTimes(2)
    unmount()
    await vi.advanceTimersByTimeAsync(10000)
    expect(refresh).toHaveBeenCalledTimes(2)
  })

  it('does not overlap a slow refresh and survives a failed one', async () => {
    let release!: () => void
    const refresh = vi
      .fn<() => Promise<void>>()
      .mockImplementationOnce(() => new Promise<void>((r) => (release = r)))
      .mockImplementationOnce(() => Promise.reject(new Error('down')))
    const { result, unmount } = withSetup(() => useAutoRefresh(refresh, 1))
    await vi.advanceTimersByTimeAsync(5000)
    expect(refresh).toHaveBeenCalledTimes(1)
    expect(result.running.value).toBe(true)
    release()
    await vi.advanceTimersByTimeAsync(1000)
    expect(refresh).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(0)
    expect(result.running.value).toBe(false)
    unmount()
  })
})
