// Geometry of a sparkline: an SVG path through the non-missing values, scaled to the box with a
// padding; a missing value breaks the line (a new "M" segment).

export interface SparkGeometry {
  path: string
  last: { x: number; y: number } | null
}

export function sparkPath(values: (number | null)[], width: number, height: number, pad = 2): SparkGeometry {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (present.length === 0) return { path: '', last: null }
  const min = Math.min(...present)
  const max = Math.max(...present)
  const span = max - min
  const n = values.length
  const x = (i: number) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1))
  const y = (v: number) => (span === 0 ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / span)
  let path = ''
  let pen = false
  let last: SparkGeometry['last'] = null
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false
      return
    }
    const px = Math.round(x(i) * 10) / 10
    const py = Math.round(y(v) * 10) / 10
    path += `${pen ? 'L' : 'M'}${px} ${py} `
    pen = true
    last = { x: px, y: py }
  })
  return { path: path.trim(), last }
}
