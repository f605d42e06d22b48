export const PACKAGE_NAME = '@utilization-metrics/middy'

/** A construction-time error naming the bad key and the rule it breaks. */
export const invalidInput = (message: string): TypeError =>
  new TypeError(`utilizationMetrics: ${message}`, { cause: { package: PACKAGE_NAME } })
