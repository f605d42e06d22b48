import { randomUUID } from 'node:crypto'

export interface LambdaContextOptions {
  readonly awsRequestId?: string
  readonly functionName?: string
  /** The configured memory, as Lambda passes it: a string of megabytes. */
  readonly memoryLimitInMB?: string
}

/** A Lambda-like context: what Middy, Powertools Logger and the middleware read. */
export const lambdaContext = (options: LambdaContextOptions | string = {}) => {
  const {
    awsRequestId = randomUUID(),
    functionName = 'orders-handler',
    memoryLimitInMB = '1769',
  } = typeof options === 'string' ? { awsRequestId: options } : options
  const deadline = Date.now() + 30_000
  return {
    awsRequestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/11/26/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}
