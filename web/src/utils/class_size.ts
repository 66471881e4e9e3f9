// Class-size levels (班额) of one class, by the same rules as the indicators big_class_count
// (大班额: 56 pupils or more, 超大班额 included) and super_big_class_count (超大班额: ≥ 66, a subset
// of 大班额) — 小学 and 初中 only — and the
// 标准班额 (小学 45, 初中/高中 50 per GB 50099-2011; 幼儿园 25/30/35 per 幼儿园工作规程). The numbers
// are catalog parameters (GET /indicators → params), so a county's configuration applies here too.

export type ClassSizeLevel = 'ok' | 'over_standard' | 'big' | 'huge'

export interface ClassSizeRules {
  bigMin: number
  hugeMin: number
  standard: Record<string, number | number[]>
}

export const DEFAULT_CLASS_RULES: ClassSizeRules = {
  bigMin: 56,
  hugeMin: 66,
  standard: {
    kindergarten: [25, 30, 35],
    primary: 45,
    junior: 50,
    general_senior: 50,
    vocational: 50,
  },
}

/** Rules from the catalog parameters; missing parameters keep the defaults. */
export function rulesFromParams(params: readonly { code: string; value: number }[]): ClassSizeRules {
  const p = new Map(params.map((x) => [x.code, x.value]))
  const d = DEFAULT_CLASS_RULES
  return {
    bigMin: p.get('big_class_min') ?? d.bigMin,
    hugeMin: p.get('super_big_class_min') ?? d.hugeMin,
    standard: {
      ...d.standard,
      primary: p.get('standard_class_primary') ?? (d.standard.primary as number),
      junior: p.get('standard_class_junior') ?? (d.standard.junior as number),
      general_senior: p.get('standard_class_senior') ?? (d.standard.general_senior as number),
    },
  }
}

/** Stages the 大班额 indicators count (义务教育). */
const BIG_CLASS_STAGES = new Set(['primary', 'junior'])

export function standardSize(stage: string, grade: number, rules = DEFAULT_CLASS_RULES): number | null {
  const s = rules.standard[stage]
  if (s === undefined) return null
  if (Array.isArray(s)) return s[Math.min(Math.max(grade, 1), s.length) - 1] ?? null
  return s
}

export function classSizeLevel(stage: string, grade: number, size: number, rules = DEFAULT_CLASS_RULES): ClassSizeLevel {
  if (BIG_CLASS_STAGES.has(stage)) {
    if (size >= rules.hugeMin) return 'huge'
    if (size >= rules.bigMin) return 'big'
  }
  const std = standardSize(stage, grade, rules)
  return std !== null && size > std ? 'over_standard' : 'ok'
}

/**
 * 大班额 (≥ bigMin, 超大班额 included) and 超大班额 (≥ hugeMin) counts, as the two indicators
 * count them: huge ≤ big, never add them.
 */
export function countBigClasses(
  classes: readonly { stage: string; grade: number; size: number }[],
  rules = DEFAULT_CLASS_RULES,
): { big: number; huge: number } {
  let big = 0
  let huge = 0
  for (const c of classes) {
    const level = classSizeLevel(c.stage, c.grade, c.size, rules)
    if (level === 'big' || level === 'huge') big++
    if (level === 'huge') huge++
  }
  return { big, huge }
}
