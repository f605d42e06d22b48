/** What the watch keeps of a request: the values behind its accessors, and whether it has ended. */
export interface Watched {
  response: unknown
  error: unknown
  errorWrites: number
  /** Set by `end`: the request's record is on its way, and nothing is to publish for it again. */
  ended: boolean
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
 * `defineProperties`, which builds a descriptor map first) and a third for the state.
 *
 * The state is a property of the request itself, under a symbol of this watch's own (no other code can
 * name it, `Object.keys` and JSON never show it), so it lives and dies with the request. A WeakMap keyed
 * by the request did the same job until V8's minor GC was seen keeping a WeakMap's values alive while
 * their keys are young: every finished request's state (its samples, the handler's response) survived
 * each scavenge and was promoted, and the young generation grew to its maximum (8.4 to 33.6 MB within
 * 20,000 invocations).
 */
export const createRequestEndWatch = <State extends Watched>(onEnd: (request: object) => void) => {
  // One key per watch: two of our middlewares on one request keep their states apart.
  const stateKey = Symbol('utilizationMetrics.request')
  const stateOf = (request: object): State | undefined =>
    (request as { readonly [key: symbol]: State | undefined })[stateKey]
  /** Puts `state` on the request; false where the request refuses new properties (frozen, a proxy). */
  const keep = (request: object, state: State): boolean => {
    try {
      Object.defineProperty(request, stateKey, { configurable: true, value: state })
      return true
    } catch {
      return false
    }
  }
  type OnWrite = (state: State, request: object) => void
  /** An accessor over the state's `key`, calling `onWrite` after each write. */
  const accessor = (key: 'response' | 'error', onWrite: OnWrite): PropertyDescriptor => ({
    configurable: true,
    enumerable: true,
    get(this: object) {
      return stateOf(this)?.[key]
    },
    set(this: object, value: unknown) {
      const state = stateOf(this)
      if (!state) return
      state[key] = value
      onWrite(state, this)
    },
  })
  /**
   * Ours over `key`: the shared `own`, or, where `request[key]` is an accessor already (another watch's:
   * two of our middlewares on one handler), one chained to it, so that the value keeps one home and every
   * watch sees every write. Replacing it instead left the earlier watch blind to an early return.
   */
  const accessorOn = (
    request: object,
    key: 'response' | 'error',
    own: PropertyDescriptor,
    onWrite: OnWrite,
  ): PropertyDescriptor => {
    const previous = Object.getOwnPropertyDescriptor(request, key)
    if (!previous?.get || !previous.set) return own
    const { get, set } = previous
    return {
      configurable: true,
      enumerable: true,
      get,
      set(this: object, value: unknown) {
        set.call(this, value)
        const state = stateOf(this)
        if (state) onWrite(state, this)
      },
    }
  }
  const onResponseWrite: OnWrite = (_, request) => {
    if ('earlyResponse' in request) onEnd(request)
  }
  const onErrorWrite: OnWrite = (state, request) => {
    state.errorWrites++
    if (state.errorWrites > 1) onEnd(request)
  }
  const response = accessor('response', onResponseWrite)
  const error = accessor('error', onErrorWrite)

  return {
    /** Keeps `state` as the request's and watches how Middy ends the request. */
    watch(request: object, state: State): void {
      const target = request as { response?: unknown; error?: unknown }
      state.response = target.response
      state.error = target.error
      // A request that refuses the state refuses the accessors too: the after and onError hooks still
      // publish, from the gauges alone.
      if (!keep(request, state)) return
      try {
        Object.defineProperty(request, 'response', accessorOn(request, 'response', response, onResponseWrite))
        Object.defineProperty(request, 'error', accessorOn(request, 'error', error, onErrorWrite))
      } catch {
        // A foreign request object: the after and onError hooks still publish.
      }
    },
    /** The state kept for `request`, if `watch` or `end` kept one. */
    stateOf,
    /** Marks `state` ended, keeping it on a request whose `before` we never saw. */
    end(request: object, state: State): void {
      state.ended = true
      if (stateOf(request) !== state) keep(request, state)
    },
  }
}
