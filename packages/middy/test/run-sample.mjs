// Runs a docs sample as a user would: imports the module and invokes its exported `handler` twice with a
// Lambda-like context. Started by docs-samples-run.test.ts with a bare environment (no POWERTOOLS_*).
import { pathToFileURL } from 'node:url'

const [samplePath] = process.argv.slice(2)
const { handler } = await import(pathToFileURL(samplePath).href)
for (const awsRequestId of ['sample-1', 'sample-2']) {
  await handler(
    { orderId: '42' },
    {
      awsRequestId,
      functionName: 'orders-handler',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-handler',
      memoryLimitInMB: '1024',
      logGroupName: '/aws/lambda/orders-handler',
      logStreamName: '2026/12/01/[$LATEST]0123456789abcdef',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 30_000,
      done: () => {},
      fail: () => {},
      succeed: () => {},
    },
  )
}
