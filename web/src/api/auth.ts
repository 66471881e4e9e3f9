// Session endpoints: login, logout, the current user, and the public database info.
import { http } from './http'
import type { LoginResponse, MeResponse, PublicInfo } from './types'

export const authApi = {
  login: (username: string, password: string) =>
    http.post<LoginResponse>('/auth/login', { username, password }),
  logout: () => http.post<unknown>('/auth/logout'),
  me: () => http.get<MeResponse>('/me'),
  info: () => http.get<PublicInfo>('/info'),
}
