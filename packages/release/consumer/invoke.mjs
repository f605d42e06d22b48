// Invokes the handler module given as argument once, the way the Lambda runtime would; stdout then holds
// only the EMF records, the result goes to stderr.
import { pathToFileURL } from 'node:url'

// What Lambda sets for a function of this name and size, before the handler module is loaded.
process.env.AWS_LAMBDA_FUNCTION_NAME ??= 'consumer-test'
process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ??= '1024'

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
