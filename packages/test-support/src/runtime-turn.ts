import { setImmediate, setTimeout } from 'node:timers/promises'

/**
 * What a Lambda runtime leaves between a handler settling and its next poll, and not more: the Node.js
 * runtime client (aws-lambda-ric 4) waits one `setImmediate` turn before it posts the result; the tests
 * then grant a 20 ms timer on top, as the issue that asked for the safety net allows.
 */
export const afterRuntimeTurn = async (): Promise<void> => {
  await setImmediate()
  await setTimeout(20)
}
