/** What the watch keeps of a request: the values behind its accessors. */
export interface Watched {
  response: unknown
  error: unknown
  errorWrites: number
}

/**
 * Keeps one state object per request (the middleware's own fields beside the watch's) and calls
 * `onEnd(request)` when Middy ends a request without running our `after` or `onError`: another
 * middleware answered early (Middy sets `request.response` while `earlyResponse` is on the request, then
 * stops), or an `onError` hook threw (Middy sets `request.error` a second time, then rethrows). Both
 * writes are the last thing Middy does with the request, so the record is written before the runtime
 * client sees the result (aws-lambda-ric waits a `setImmediate` turn before posting it).
 *
 * `response` and `error` become accessors over the same values: what other middlewares read and write is
 * unchanged. Turning an existing data property into an accessor puts the object in V8's dictionary mode
 * whatever we do, so the cost per request is that switch: two `defineProperty` calls (cheaper than one
 * `defineProperties`, which builds a descriptor map first) and one WeakMap entry, the same one the
 * middleware keeps its state in.
 *
 * `end(request)` undoes the watch once the record is on its way: plain `response` and `error` again, the
 * WeakMap entry deleted, the request remembered in a WeakSet. V8's minor GC keeps a WeakMap's values alive
 * even when their key is garbage, until a full GC: left there, every finished request's state (its samples,
 * the handler's response) survived each scavenge, was promoted, and grew the young generation to its
 * maximum (+25 MB RSS within 20,000 invocations in pnpm bench's memory row). A WeakSet holds no value.
 */
export const createRequestEndWatch = <State extends Watched>(onEnd: (request: object) => void) => {
  const states = new WeakMap<object, State>()
  const ended = new WeakSet<object>()
  /** An accessor over the state's `key`, calling `onWrite` after each write. */
  const accessor = (
    key: 'response' | 'error',
    onWrite: (state: State, request: object) => void,
  ): PropertyDescriptor => ({
    configurable: true,
    enumerable: true,
    get(this: object) {
      return states.get(this)?.[key]
    },
    set(this: object, value: unknown) {
      const state = states.get(this)
      if (!state) return
      state[key] = value
      onWrite(state, this)
    },
  })
  const response = accessor('response', (_, request) => {
    if ('earlyResponse' in request) onEnd(request)
  })
  const error = accessor('error', (state, request) => {
    state.errorWrites++
    if (state.errorWrites > 1) onEnd(request)
  })

  return {
    /** Keeps `state` as the request's and watches how Middy ends the request. */
    watch(request: object, state: State): void {
      const target = request as { response?: unknown; error?: unknown }
      state.response = target.response
      state.error = target.error
      states.set(request, state)
      try {
        Object.defineProperty(request, 'response', response)
        Object.defineProperty(request, 'error', error)
      } catch {
        // A frozen or foreign request object: the after and onError hooks still publish.
      }
    },
    /** The state kept for `request`, if `watch` saw it and `end` has not let it go. */
    stateOf: (request: object): State | undefined => states.get(request),
    /** Whether `end(request)` ran. */
    hasEnded: (request: object): boolean => ended.has(request),
    /** Stops watching `request`: its current `response` and `error` become data properties again. */
    end(request: object): void {
      ended.add(request)
      const state = states.get(request)
      if (!state) return
      states.delete(request)
      try {
        Object.defineProperty(request, 'response', plainValue(state.response))
        Object.defineProperty(request, 'error', plainValue(state.error))
      } catch {
        // The request refused the accessors too (see watch): its properties were never ours.
      }
    },
  }
}

/** What `request.response = value` would have made of a property the request did not have. */
const plainValue = (value: unknown): PropertyDescriptor => ({
  configurable: true,
  enumerable: true,
  writable: true,
  value,
})
