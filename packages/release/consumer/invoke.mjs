// Invokes the handler module given as argument once, the way the Lambda runtime would; stdout then holds
// only the EMF records, the result goes to stderr.
import { pathToFileURL } from 'node:url'

const { handler } = await import(pathToFileURL(process.argv[2]).href)
const context = {
  awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
  functionName: 'consumer-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:consumer-test',
  memoryLimitInMB: '1024',
  logGroupName: '/aws/lambda/consumer-test',
  logStreamName: 'consumer-test',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
}
const result = await handler({ orderId: 'order-1' }, context)
console.error(JSON.stringify(result))
