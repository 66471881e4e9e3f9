// The one HTTP wrapper every API module goes through: JSON over fetch under /api/v1, a timeout on
// every request, the CSRF header on writes, 401 → the registered "go to login" hook, and server
// error bodies {"error":{"code","message"}} turned into ApiError with a Chinese message.

export const API_BASE = '/api/v1'
export const DEFAULT_TIMEOUT_MS = 15000

/** A failed request. `message` is ready to show to the user (Chinese unless the server says else). */
export class ApiError extends Error {
  readonly code: string
  readonly status: number

  constructor(code: string, message: string, status: number) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: Record<string, QueryValue>
  body?: unknown
  timeoutMs?: number
  signal?: AbortSignal
}

interface HttpHooks {
  csrfToken: () => string | null
  onUnauthorized: (path: string) => void
}

const hooks: HttpHooks = {
  csrfToken: () => null,
  onUnauthorized: () => {},
}

/** Wires the wrapper to the session (CSRF token source, what to do on 401). Called once at start. */
export function configureHttp(next: Partial<HttpHooks>): void {
  Object.assign(hooks, next)
}

/** Builds "/api/v1/path?a=1&b=x,y", skipping null/undefined/"" values; arrays are comma-joined. */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = API_BASE + (path.startsWith('/') ? path : `/${path}`)
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue
    if (Array.isArray(value)) {
      if (value.length === 0) continue
      params.set(key, value.join(','))
    } else {
      params.set(key, String(value))
    }
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效，请重新登录',
  403: '没有权限访问该数据',
  404: '请求的数据不存在',
  409: '数据冲突，请刷新后重试',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '服务暂时不可用',
  503: '服务暂时不可用',
  504: '服务器响应超时',
}

/** The Chinese message for an HTTP status when the body carries none. */
export function messageForStatus(status: number): string {
  return STATUS_MESSAGES[status] ?? `请求失败（HTTP ${status}）`
}

function isErrorBody(v: unknown): v is { error: { code?: unknown; message?: unknown } } {
  return typeof v === 'object' && v !== null && 'error' in v && typeof v.error === 'object' && v.error !== null
}

/** Turns a non-2xx response body into an ApiError (exported for tests). */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const code = typeof body.error.code === 'string' ? body.error.code : `http_${status}`
    const message =
      typeof body.error.message === 'string' && body.error.message ? body.error.message : messageForStatus(status)
    return new ApiError(code, message, status)
  }
  return new ApiError(`http_${status}`, messageForStatus(status), status)
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

/** Sends one request and returns the parsed JSON body (or null for an empty body). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (WRITE_METHODS.has(method)) {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }

  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const onOuterAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onOuterAbort, { once: true })

  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: controller.signal,
    })
  } catch (e) {
    if (timedOut) throw new ApiError('timeout', '请求超时，请检查网络后重试', 0)
    if (options.signal?.aborted) throw new ApiError('aborted', '请求已取消', 0)
    throw new ApiError('network', '无法连接服务器，请检查网络后重试', 0)
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onOuterAbort)
  }

  const text = await response.text().catch(() => '')
  let parsed: unknown = null
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = null
      if (response.ok) throw new ApiError('bad_response', '服务器返回的数据格式有误', response.status)
    }
  }
  if (!response.ok) {
    const error = errorFromBody(response.status, parsed)
    if (response.status === 401) hooks.onUnauthorized(path)
    throw error
  }
  return parsed as T
}

export const http = {
  get: <T>(path: string, query?: Record<string, QueryValue>, options: RequestOptions = {}) =>
    request<T>(path, { ...options, method: 'GET', query }),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
    request<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  put: <T>(path: string, body?: unknown, query?: Record<string, QueryValue>, options: RequestOptions = {}) =>
    request<T>(path, { ...options, method: 'PUT', body, query }),
  del: <T>(path: string, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'DELETE' }),
}
