// Names of the codes the product knows, loaded once per session: the indicator catalog (GET
// /indicators: code → 中文名) and the plan's targets (GET /plan/targets: id → wording). Views read
// names and clean server text through here (see utils/labels.ts for the fixed dictionary).
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { indicatorsApi } from '@/api/indicators'
import { planApi } from '@/api/plan'
import { currentLocale } from '@/i18n'
import type { IndicatorDef, PlanTarget } from '@/api/types'
import { humanizeText } from '@/utils/labels'
import { useSessionStore } from './session'

export const useLabelsStore = defineStore('labels', () => {
  const indicators = shallowRef<IndicatorDef[]>([])
  const targets = shallowRef<PlanTarget[]>([])
  let loading: Promise<void> | null = null

  const byCode = computed(() => new Map(indicators.value.map((d) => [d.code, d])))
  const byTarget = computed(() => new Map(targets.value.map((t) => [t.id, t])))

  /** Loads the catalog and the targets once (accounts that may read aggregates). */
  function load(): Promise<void> {
    const session = useSessionStore()
    if (!session.can('read_aggregates')) return Promise.resolve()
    if (!loading) {
      loading = Promise.all([
        indicatorsApi.catalog().then((c) => (indicators.value = c)),
        planApi.targets().then((p) => (targets.value = p.targets)),
      ])
        .then(() => undefined)
        .catch(() => {
          loading = null
        })
    }
    return loading
  }

  /** The targets of the plan chosen now (after the plan switcher changed it). */
  function reloadTargets(): Promise<void> {
    return planApi.targets().then(
      (p) => void (targets.value = p.targets),
      () => undefined,
    )
  }

  function indicatorName(code: string): string | undefined {
    const d = byCode.value.get(code)
    if (!d) return undefined
    return currentLocale() === 'en' ? d.name_en : d.name_zh
  }
  function indicatorDef(code: string): IndicatorDef | undefined {
    return byCode.value.get(code)
  }
  function targetName(id: string): string | undefined {
    return byTarget.value.get(id)?.quote
  }
  function target(id: string): PlanTarget | undefined {
    return byTarget.value.get(id)
  }
  /** Server text without codes or ASCII symbols. */
  function humanize(text: string | null | undefined): string {
    return humanizeText(text, indicatorName, targetName, currentLocale())
  }

  return { indicators, targets, load, reloadTargets, indicatorName, indicatorDef, targetName, target, humanize }
})
