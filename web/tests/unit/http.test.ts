// The HTTP wrapper: URLs, CSRF header on writes only, error bodies, 401 hook, timeouts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, configureHttp, errorFromBody, http, messageForStatus, request } from '@/api/http'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

describe('buildUrl', () => {
  it('joins the base, skips empty values and comma-joins lists', () => {
    expect(buildUrl('/schools', { type: 211, township: '', public: false, q: undefined, page: 2 })).toBe(
      '/api/v1/schools?type=211&public=false&page=2',
    )
    expect(buildUrl('indicators/table', { codes: ['a', 'b'], years: [2020, 2021], units: [] })).toBe(
      '/api/v1/indicators/table?codes=a%2Cb&years=2020%2C2021',
    )
    expect(buildUrl('/me')).toBe('/api/v1/me')
  })
})

describe('errorFromBody', () => {
  it('uses the server message', () => {
    const e = errorFromBody(400, { error: { code: 'invalid_argument', message: '参数 year 必须是整数' } })
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('invalid_argument')
    expect(e.message).toBe('参数 year 必须是整数')
    expect(e.status).toBe(400)
  })
  it('falls back to a Chinese message per status', () => {
    expect(errorFromBody(403, null).message).toBe('没有权限访问该数据')
    expect(errorFromBody(418, 'teapot').message).toBe('请求失败（HTTP 418）')
    expect(errorFromBody(500, { error: { code: 'internal' } }).message).toBe(messageForStatus(500))
  })
})

describe('request', () => {
  const fetchMock = vi.fn<typeof fetch>()
  const onUnauthorized = vi.fn()
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ csrfToken: () => 'tok123', onUnauthorized })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
    onUnauthorized.mockReset()
  })

  it('sends the CSRF token on writes only', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true }))
    await http.get('/me')
    await http.post('/auth/logout')
    await http.patch('/users/3', { disabled: true })
    const headers = fetchMock.mock.calls.map((c) => (c[1]?.headers ?? {}) as Record<string, string>)
    expect(headers[0]?.['X-CSRF-Token']).toBeUndefined()
    expect(headers[1]?.['X-CSRF-Token']).toBe('tok123')
    expect(headers[2]?.['X-CSRF-Token']).toBe('tok123')
    expect(fetchMock.mock.calls[2]?.[1]?.body).toBe('{"disabled":true}')
    expect(fetchMock.mock.calls[2]?.[1]?.method).toBe('PATCH')
  })

  it('parses JSON and returns null for an empty body', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { a: 1 }))
    expect(await request('/x')).toEqual({ a: 1 })
    fetchMock.mockResolvedValueOnce(new Response('', { status: 200 }))
    expect(await request('/x')).toBeNull()
  })

  it('throws the server error and calls the 401 hook', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    await expect(request('/schools')).rejects.toMatchObject({ status: 401, message: '请先登录' })
    expect(onUnauthorized).toHaveBeenCalledWith('/schools')
    fetchMock.mockResolvedValueOnce(jsonResponse(403, { error: { code: 'permission_denied', message: '无权访问该学校的数据' } }))
    await expect(request('/schools/1')).rejects.toMatchObject({ status: 403, code: 'permission_denied' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('rejects a 200 that is not JSON', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<html>', { status: 200 }))
    await expect(request('/x')).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('times out instead of hanging', async () => {
    fetchMock.mockImplementation(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
    )
    await expect(request('/slow', { timeoutMs: 20 })).rejects.toMatchObject({ code: 'timeout', message: '请求超时，请检查网络后重试' })
  })

  it('reports a network failure in Chinese', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await expect(request('/x')).rejects.toMatchObject({ code: 'network', message: '无法连接服务器，请检查网络后重试' })
  })
})
