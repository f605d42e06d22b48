/** The most invocations in flight at once since the window opened. */
export interface InFlightWindow {
  peak: number
}

/**
 * Counts the invocations of one middleware instance in flight. Each open window (one per invocation, or
 * the interval's) keeps the highest count seen while it was open; process-wide figures of that window
 * cover all of those invocations.
 */
export const createInFlightCounter = () => {
  let current = 0
  const open = new Set<InFlightWindow>()
  const raise = () => {
    for (const window of open) if (window.peak < current) window.peak = current
  }
  return {
    /** An invocation starts. */
    start(): void {
      current++
      raise()
    },
    /** An invocation ends. */
    end(): void {
      if (current > 0) current--
    },
    /** How many are in flight now. */
    current: (): number => current,
    /** Opens a window: its peak starts at the count now in flight (at least 1, the invocation opening it). */
    open(): InFlightWindow {
      const window = { peak: Math.max(1, current) }
      open.add(window)
      return window
    },
    /** Closes a window and returns its peak. */
    close(window: InFlightWindow): number {
      open.delete(window)
      return window.peak
    },
  }
}

export type InFlightCounter = ReturnType<typeof createInFlightCounter>
