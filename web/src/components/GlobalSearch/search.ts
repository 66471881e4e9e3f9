// Matching for the header search: every whitespace-separated word must occur in the label or the
// extra keys (case-insensitive); hits that start with the query come first, then shorter labels.
export type SearchKind = 'school' | 'township' | 'indicator' | 'target' | 'task'

export interface SearchItem {
  kind: SearchKind
  label: string
  to: string
  /** More text to match (codes, English names, units). */
  keys: string
}

export interface SearchHit extends SearchItem {
  /** What el-autocomplete puts into the box. */
  value: string
}

export function searchLocal(items: readonly SearchItem[], query: string, limit = 12): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return []
  const q = query.trim().toLowerCase()
  return items
    .filter((it) => {
      const hay = `${it.label}\n${it.keys}`.toLowerCase()
      return words.every((w) => hay.includes(w))
    })
    .map((it) => ({ it, score: (it.label.toLowerCase().startsWith(q) ? 0 : 1000) + it.label.length }))
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map(({ it }) => ({ ...it, value: it.label }))
}
