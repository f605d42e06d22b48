export {
  type CapturedOutput,
  captureOutput,
  captureStdout,
  emfRecordsIn,
  type OutputCapture,
} from './capture.js'
export { type LambdaContextOptions, lambdaContext } from './lambda-context.js'
export { median } from './median.js'
export { afterRuntimeTurn } from './runtime-turn.js'
