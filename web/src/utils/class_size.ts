// Class-size classes (班额) of one class. 大班额 = 56–65, 超大班额 ≥ 66 pupils in 中小学 ([secondary],
// standards README § 4.9); 标准班额 per GB 50099-2011 (小学 45, 中学 50) and 幼儿园工作规程 (小班 25,
// 中班 30, 大班 35) [verified]. The thresholds are parameters so a county can configure them.

export type ClassSizeLevel = 'ok' | 'over_standard' | 'big' | 'huge'

export interface ClassSizeRules {
  big: number
  huge: number
  standard: Record<string, number | number[]>
}

export const DEFAULT_CLASS_RULES: ClassSizeRules = {
  big: 56,
  huge: 66,
  standard: {
    kindergarten: [25, 30, 35],
    primary: 45,
    junior: 50,
    general_senior: 50,
    vocational: 50,
  },
}

/** Stages where 大班额 applies (中小学). */
const BIG_CLASS_STAGES = new Set(['primary', 'junior', 'general_senior'])

export function standardSize(stage: string, grade: number, rules = DEFAULT_CLASS_RULES): number | null {
  const s = rules.standard[stage]
  if (s === undefined) return null
  if (Array.isArray(s)) return s[Math.min(Math.max(grade, 1), s.length) - 1] ?? null
  return s
}

export function classSizeLevel(stage: string, grade: number, size: number, rules = DEFAULT_CLASS_RULES): ClassSizeLevel {
  if (BIG_CLASS_STAGES.has(stage)) {
    if (size >= rules.huge) return 'huge'
    if (size >= rules.big) return 'big'
  }
  const std = standardSize(stage, grade, rules)
  return std !== null && size > std ? 'over_standard' : 'ok'
}

/** Counts of 大班额 (including 超大) and 超大班额 among classes. */
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
