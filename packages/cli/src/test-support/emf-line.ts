export interface EmfLineInput {
  readonly namespace?: string
  readonly dimensions?: readonly (readonly string[])[]
  /** Root members: dimension values and metric values. */
  readonly values: Readonly<Record<string, unknown>>
  /** Metric name to unit; a name mapped to undefined is declared without a Unit. */
  readonly metrics: Readonly<Record<string, string | undefined>>
}

/** An EMF line shaped as Powertools writes it, for inputs no real run produces (arrays, bad values). */
export const emfLine = ({ namespace = 'app', dimensions = [['service']], values, metrics }: EmfLineInput) =>
  JSON.stringify({
    _aws: {
      Timestamp: 1_795_000_000_000,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: dimensions,
          Metrics: Object.entries(metrics).map(([Name, Unit]) =>
            Unit === undefined ? { Name } : { Name, Unit },
          ),
        },
      ],
    },
    service: 'orders',
    ...values,
  })
