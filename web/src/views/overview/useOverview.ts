// 总览 data: the plan's 主要指标 as cards (value, target, status, a sparkline over the school
// years), attainment by plan section, a township ranking on a chosen indicator, and alerts
// (off-track and at-risk targets, 大班额, data gaps). Used by the overview page and the wall
// display; `refresh()` reloads everything in place without blanking the screen.
import { computed, ref, shallowRef, watch } from 'vue'
import { planApi } from '@/api/plan'
import { indicatorsApi } from '@/api/indicators'
import { adminUnitsApi } from '@/api/admin_units'
import { mapApi } from '@/api/map'
import type { MapValue } from '@/utils/map'
import { useAsync } from '@/composables/useAsync'
import { useSessionStore } from '@/stores/session'
import type { PlanTarget, StatusCounts, TargetStatusRow } from '@/api/types'
import {
  countStatuses,
  lowerIsBetter,
  mainTargets,
  rankUnits,
  statusById,
  topSections,
  type Alert,
  type RankedUnit,
} from '@/utils/plan'
import { tableValue } from '@/utils/indicator_table'

/** Indicators the 大班额 alert reads per township: 大班额 (≥ 56, 超大班额 included) and 超大班额 (≥ 66) class counts. */
export const BIG_CLASS_CODE = 'big_class_count'
export const HUGE_CLASS_CODE = 'super_big_class_count'

export interface Card {
  target: PlanTarget
  status: TargetStatusRow | undefined
  trend: (number | null)[]
}

export interface SectionAttainment {
  id: string
  title: string
  counts: StatusCounts
}

export function useOverview(initial: { year?: number | null; ranking?: string } = {}) {
  const session = useSessionStore()
  const year = ref<number | null>(initial.year && session.years.includes(initial.year) ? initial.year : session.latestYear)
  const core = useAsync(async (y: number | null) => {
    const [targets, status] = await Promise.all([planApi.targets(), planApi.status(y ?? undefined)])
    return { targets, status }
  })
  const trendStatus = useAsync((years: number[]) => Promise.all(years.map((y) => planApi.status(y))))
  const units = useAsync(() => adminUnitsApi.tree())
  const catalog = useAsync(() => indicatorsApi.catalog())
  const rankingCode = ref(initial.ranking ?? '')
  const ranking = useAsync((code: string, unitCodes: string[], y: number) => indicatorsApi.table([code], unitCodes, [y]))
  const bigClass = useAsync((unitCodes: string[], y: number) =>
    indicatorsApi.table([BIG_CLASS_CODE, HUGE_CLASS_CODE], unitCodes, [y]),
  )
  /** The uploaded township boundaries (available=false until the county uploads them). */
  const map = useAsync(() => mapApi.townships())
  const updatedAt = shallowRef<Date | null>(null)

  const statusMap = computed(() => statusById(core.data.value?.status.targets ?? []))
  const trendYears = computed(() => session.years.filter((y) => y <= (year.value ?? Infinity)).slice(-6))

  const cards = computed<Card[]>(() => {
    const targets = core.data.value?.targets.targets ?? []
    const perYear = trendStatus.data.value ?? []
    const maps = perYear.map((s) => statusById(s.targets))
    return mainTargets(targets).map((t) => ({
      target: t,
      status: statusMap.value.get(t.id),
      trend: maps.map((m) => m.get(t.id)?.value ?? null),
    }))
  })

  const overall = computed<StatusCounts>(
    () => core.data.value?.status.summary?.overall ?? countStatuses(core.data.value?.status.targets ?? []),
  )

  const sections = computed<SectionAttainment[]>(() => {
    const d = core.data.value
    if (!d) return []
    return topSections(d.status.summary.sections ?? [], d.targets.sections).map((g) => ({
      id: g.section_id,
      title: g.title,
      counts: g.counts,
    }))
  })

  const townships = computed(() => {
    const root = units.data.value?.root
    return root ? root.children.map((c) => ({ code: c.code, name: c.name })) : []
  })

  /** Indicators a township ranking can use: the cards' indicators, then the rest of the catalog. */
  const rankingOptions = computed(() => {
    const cat = catalog.data.value ?? []
    const byCode = new Map(cat.map((d) => [d.code, d]))
    const first = cards.value
      .map((c) => c.target.indicator)
      .filter((c): c is string => !!c && byCode.has(c) && byCode.get(c)?.unit === '%')
    const rest = cat.filter((d) => d.unit === '%' && !first.includes(d.code)).map((d) => d.code)
    return [...new Set([...first, ...rest])].map((code) => ({ code, name: byCode.get(code)?.name_zh ?? code }))
  })

  const rankingLowerBetter = computed(() => {
    const t = cards.value.find((c) => c.target.indicator === rankingCode.value)?.target
    return t ? lowerIsBetter(t.comparator) : false
  })

  const ranked = computed<RankedUnit[]>(() => {
    const table = ranking.data.value
    if (!table || year.value === null) return []
    return rankUnits(
      townships.value.map((u) => ({ ...u, value: tableValue(table, rankingCode.value, u.code, year.value as number) })),
      rankingLowerBetter.value,
    )
  })

  /** The ranking indicator's value of every township, for the map. */
  const mapValues = computed<MapValue[]>(() => {
    const table = ranking.data.value
    const y = year.value
    return townships.value.map((u) => ({
      ...u,
      value: table && y !== null ? tableValue(table, rankingCode.value, u.code, y) : null,
    }))
  })

  const hasBigClassIndicators = computed(() => {
    const codes = new Set((catalog.data.value ?? []).map((d) => d.code))
    return codes.has(BIG_CLASS_CODE) && codes.has(HUGE_CLASS_CODE)
  })

  const alerts = computed<Alert[]>(() => {
    const out: Alert[] = []
    const data = core.data.value
    if (!data) return out
    const byId = new Map(data.targets.targets.map((t) => [t.id, t]))
    for (const row of data.status.targets) {
      const t = byId.get(row.id)
      if (!t || t.same_as) continue
      if (row.warning) {
        out.push({ kind: 'data_warning', severity: 3, title: t.quote, text: row.warning, to: `/plan?target=${encodeURIComponent(t.id)}` })
      } else if (row.status === 'off_track' || row.status === 'at_risk') {
        out.push({
          kind: row.status,
          severity: row.status === 'off_track' ? 3 : 2,
          title: t.quote,
          text: row.reason ?? '',
          to: `/plan?target=${encodeURIComponent(t.id)}`,
        })
      } else if (row.status === 'no_data' && t.origin === 'main_table') {
        out.push({ kind: 'gap', severity: 1, title: t.quote, text: row.reason ?? '', to: `/plan?target=${encodeURIComponent(t.id)}` })
      }
    }
    const table = bigClass.data.value
    if (table && year.value !== null) {
      for (const u of townships.value) {
        const big = tableValue(table, BIG_CLASS_CODE, u.code, year.value) ?? 0
        const huge = tableValue(table, HUGE_CLASS_CODE, u.code, year.value) ?? 0
        // big_class_count includes the 超大班额 (super_big_class_count is a subset of it).
        if (big > 0) {
          out.push({
            kind: 'big_class',
            severity: huge > 0 ? 3 : 2,
            title: u.name,
            text: '',
            classes: { big, huge },
            to: `/schools?township=${u.code}`,
          })
        }
      }
    }
    return out.sort((a, b) => b.severity - a.severity)
  })

  function loadRanking() {
    if (!rankingCode.value || !townships.value.length || year.value === null) return
    void ranking.run(rankingCode.value, townships.value.map((u) => u.code), year.value)
  }
  function loadBigClass() {
    if (!hasBigClassIndicators.value || !townships.value.length || year.value === null) return
    void bigClass.run(townships.value.map((u) => u.code), year.value)
  }

  watch(rankingOptions, (opts) => {
    if (!rankingCode.value && opts[0]) rankingCode.value = opts[0].code
  })
  watch([rankingCode, townships, year], loadRanking)
  watch([hasBigClassIndicators, townships, year], loadBigClass)

  async function refresh() {
    const y = year.value
    await Promise.all([
      core.run(y).then(() => (updatedAt.value = new Date())),
      units.data.value ? Promise.resolve() : units.run(),
      catalog.data.value ? Promise.resolve() : catalog.run(),
      map.data.value ? Promise.resolve() : map.run(),
    ])
    void trendStatus.run(trendYears.value)
    loadRanking()
    loadBigClass()
  }

  watch(
    () => session.latestYear,
    (y) => {
      if (year.value === null) year.value = y
    },
  )
  watch(year, () => void refresh())

  return {
    session,
    year,
    core,
    trendStatus,
    trendYears,
    units,
    catalog,
    cards,
    overall,
    sections,
    rankingCode,
    rankingOptions,
    rankingLowerBetter,
    ranking,
    ranked,
    map,
    mapValues,
    alerts,
    updatedAt,
    refresh,
  }
}
