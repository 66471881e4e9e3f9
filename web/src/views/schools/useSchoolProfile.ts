// One school's profile for a school year: the detail (grades, classes, teachers, facilities),
// its own indicator values, and — for accounts allowed to read people — the masked student and
// teacher lists, each paged by the server.
import { computed, reactive, ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { schoolsApi } from '@/api/schools'
import { indicatorsApi } from '@/api/indicators'
import { useAsync } from '@/composables/useAsync'
import { useSessionStore } from '@/stores/session'
import { classSizeLevel, countBigClasses, DEFAULT_CLASS_RULES, rulesFromParams } from '@/utils/class_size'

export function useSchoolProfile(code: Ref<string>) {
  const session = useSessionStore()
  const route = useRoute()
  const router = useRouter()
  const year = computed<number | null>(() => {
    const y = Number(route.query.year)
    return Number.isInteger(y) && session.years.includes(y) ? y : session.latestYear
  })

  const detail = useAsync((c: string, y: number | null) => schoolsApi.get(c, y ?? undefined))
  const indicators = useAsync((c: string, y: number) => indicatorsApi.values(c, y))
  const canPeople = computed(() => session.can('read_people'))
  const canAggregates = computed(() => session.can('read_aggregates'))
  // Class-size thresholds are catalog parameters; the defaults apply until (or if not) loaded.
  const params = useAsync(() => indicatorsApi.params())
  const rules = computed(() => (params.data.value ? rulesFromParams(params.data.value) : DEFAULT_CLASS_RULES))
  if (canAggregates.value) void params.run()

  const studentPage = reactive({ page: 1, page_size: 20 })
  const teacherPage = reactive({ page: 1, page_size: 20 })
  const students = useAsync((c: string, y: number | null, page: number, size: number) =>
    schoolsApi.students(c, { year: y ?? undefined, page, page_size: size }),
  )
  const teachers = useAsync((c: string, y: number | null, page: number, size: number) =>
    schoolsApi.teachers(c, { year: y ?? undefined, page, page_size: size }),
  )
  const tab = ref<'profile' | 'students' | 'teachers'>('profile')

  function loadStudents() {
    if (canPeople.value) void students.run(code.value, year.value, studentPage.page, studentPage.page_size)
  }
  function loadTeachers() {
    if (canPeople.value) void teachers.run(code.value, year.value, teacherPage.page, teacherPage.page_size)
  }

  watch(
    [code, year],
    ([c, y]) => {
      void detail.run(c, y)
      if (canAggregates.value && y !== null) void indicators.run(c, y)
      studentPage.page = 1
      teacherPage.page = 1
      if (tab.value === 'students') loadStudents()
      if (tab.value === 'teachers') loadTeachers()
    },
    { immediate: true },
  )
  watch(tab, (t) => {
    if (t === 'students' && !students.data.value) loadStudents()
    if (t === 'teachers' && !teachers.data.value) loadTeachers()
  })

  function setYear(y: number) {
    void router.replace({ query: { ...route.query, year: String(y) } })
  }

  const classes = computed(() =>
    (detail.data.value?.classes ?? [])
      .map((c) => ({ ...c, level: classSizeLevel(c.stage, c.grade, c.size, rules.value) }))
      .sort((a, b) => a.stage.localeCompare(b.stage) || a.grade - b.grade || a.name.localeCompare(b.name, 'zh-CN')),
  )
  const bigClasses = computed(() => countBigClasses(detail.data.value?.classes ?? [], rules.value))
  const maxClassSize = computed(() => Math.max(0, ...classes.value.map((c) => c.size)))

  return {
    session,
    year,
    setYear,
    detail,
    indicators,
    canPeople,
    canAggregates,
    tab,
    students,
    teachers,
    studentPage,
    teacherPage,
    loadStudents,
    loadTeachers,
    classes,
    rules,
    bigClasses,
    maxClassSize,
  }
}
