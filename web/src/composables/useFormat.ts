// The formatting helpers bound to the current interface language, for templates.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import * as f from '@/utils/format'

export function useFormat() {
  const { locale } = useI18n()
  const loc = computed<f.Locale>(() => (locale.value === 'en' ? 'en' : 'zh-CN'))
  return {
    locale: loc,
    count: (v: number | null | undefined) => f.formatCount(v, loc.value),
    percent: (v: number | null | undefined) => f.formatPercent(v),
    value: (v: number | null | undefined, unit: string) => f.formatValue(v, unit, loc.value),
    year: (y: number | null | undefined) => f.formatSchoolYear(y, loc.value),
    span: (y: number | null | undefined) => f.formatSchoolYearSpan(y),
    status: (s: string) => f.statusMeta(s, loc.value),
    comparator: f.comparatorSymbol,
  }
}
