/**
 * Powertools' `IDEMPOTENCY_KEY` (commons `middleware/constants`), written out: importing the commons root
 * for one string cost a second Powertools package resolution per cold start. record-paths.test.ts runs
 * Powertools' real `cleanupMiddlewares`, which finds our flush only under its own key.
 */
const IDEMPOTENCY_KEY = 'powertools-for-aws.idempotency'

type Cleanup = (request: object) => Promise<void> | void

/**
 * Registers `flush` where Powertools' `cleanupMiddlewares` looks, so a middleware that returns early through
 * it (Powertools' idempotency middleware does) writes our record too. `cleanupMiddlewares` reads only four
 * fixed keys; the tracer, metrics and logger keys are replaced by their own middlewares' `before` (logMetrics
 * spreads `request.internal` and sets its key), so ours would be lost whenever one of them is `.use()`d
 * after us. No Powertools middleware stores a function under the idempotency key (the idempotency
 * middleware keeps its state under longer keys), and a function already there is called after ours.
 */
export const registerCleanup = (request: object, flush: Cleanup): void => {
  const internal = (request as { internal?: unknown }).internal
  if (typeof internal !== 'object' || internal === null) return
  const store = internal as Record<string, unknown>
  const previous = store[IDEMPOTENCY_KEY]
  store[IDEMPOTENCY_KEY] =
    typeof previous === 'function'
      ? async (cleanupRequest: object) => {
          await flush(cleanupRequest)
          await (previous as Cleanup)(cleanupRequest)
        }
      : flush
}
