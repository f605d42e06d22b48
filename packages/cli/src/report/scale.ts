/** Maps a domain onto a range in a straight line. */
export const linearScale =
  (domain: readonly [number, number], range: readonly [number, number]) =>
  (value: number): number => {
    const [d0, d1] = domain
    const [r0, r1] = range
    return d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)
  }

/** Memory sizes double from one candidate to the next, so they sit evenly on a log scale. */
export const logScale = (domain: readonly [number, number], range: readonly [number, number]) => {
  const toLinear = linearScale([Math.log2(domain[0]), Math.log2(domain[1])], range)
  return (value: number): number => toLinear(Math.log2(value))
}

/** Round steps (1, 2 or 5 times a power of ten) from 0 to at least `max`, about `count` of them. */
export const niceTicks = (max: number, count = 5): number[] => {
  if (!(max > 0)) return [0, 1]
  const rough = max / count
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power
  const ticks: number[] = []
  for (let tick = 0; tick < max + step / 2 && ticks.length <= count * 3; tick += step) {
    ticks.push(Number(tick.toPrecision(12)))
  }
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number((ticks.length * step).toPrecision(12)))
  return ticks
}

/** Powers of two from the first at or below `min` to the first at or above `max`. */
export const powerOfTwoTicks = (min: number, max: number): number[] => {
  const ticks: number[] = []
  for (let tick = 2 ** Math.floor(Math.log2(min)); tick <= max * 1.0001; tick *= 2) {
    if (tick >= min * 0.9999) ticks.push(tick)
  }
  return ticks
}
