// Schools: the filtered, server-paged list and one school's profile, students and teachers.
import { http } from './http'
import type { Page, SchoolDetail, SchoolSummary, StudentRow, TeacherRow } from './types'

export interface SchoolFilter {
  /** 办学类型 code (211 小学 …); 0/undefined = all. */
  type?: number
  township?: string
  /** 1 城镇, 2 乡村, or one 3-digit 城乡分类代码. */
  urban_rural?: number
  public?: boolean
  /** Part of the school name. */
  q?: string
  page?: number
  page_size?: number
}

export interface PeopleQuery {
  page?: number
  page_size?: number
  year?: number
  stage?: string
  grade?: number
}

export const schoolsApi = {
  list: (filter: SchoolFilter) => http.get<Page<SchoolSummary>>('/schools', { ...filter }),
  get: (code: string, year?: number) =>
    http.get<SchoolDetail>(`/schools/${encodeURIComponent(code)}`, { year }),
  students: (code: string, query: PeopleQuery) =>
    http.get<Page<StudentRow>>(`/schools/${encodeURIComponent(code)}/students`, { ...query }),
  teachers: (code: string, query: PeopleQuery) =>
    http.get<Page<TeacherRow>>(`/schools/${encodeURIComponent(code)}/teachers`, { ...query }),
}
