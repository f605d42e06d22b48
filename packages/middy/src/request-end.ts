interface Watched {
  response: unknown
  error: unknown
  errorWrites: number
}

/**
 * Calls `onEnd(request)` when Middy ends a request without running our `after` or `onError`: another
 * middleware answered early (Middy sets `request.response` while `earlyResponse` is on the request, then
 * stops), or an `onError` hook threw (Middy sets `request.error` a second time, then rethrows). Both
 * writes are the last thing Middy does with the request, so the record is written before the runtime
 * client sees the result (aws-lambda-ric waits a `setImmediate` turn before posting it).
 *
 * `response` and `error` become accessors over the same values: what other middlewares read and write is
 * unchanged. The accessor functions are shared by every request of one middleware instance, so V8 gives
 * all watched requests one shape instead of a new one per request.
 */
export const createRequestEndWatch = (onEnd: (request: object) => void) => {
  const watched = new WeakMap<object, Watched>()
  /** An accessor over the state's `key`, calling `onWrite` after each write. */
  const accessor = (
    key: 'response' | 'error',
    onWrite: (state: Watched, request: object) => void,
  ): PropertyDescriptor => ({
    configurable: true,
    enumerable: true,
    get(this: object) {
      return watched.get(this)?.[key]
    },
    set(this: object, value: unknown) {
      const state = watched.get(this)
      if (!state) return
      state[key] = value
      onWrite(state, this)
    },
  })
  const descriptors: PropertyDescriptorMap = {
    response: accessor('response', (_, request) => {
      if ('earlyResponse' in request) onEnd(request)
    }),
    error: accessor('error', (state, request) => {
      state.errorWrites++
      if (state.errorWrites > 1) onEnd(request)
    }),
  }

  return (request: object): void => {
    const target = request as { response?: unknown; error?: unknown }
    const state: Watched = { response: target.response, error: target.error, errorWrites: 0 }
    watched.set(request, state)
    try {
      Object.defineProperties(request, descriptors)
    } catch {
      // A frozen or foreign request object: the after and onError hooks still publish.
    }
  }
}
