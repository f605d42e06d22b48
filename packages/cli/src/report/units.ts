import { formatNumber } from '../format.js'

export const ms = (value: number): string => `${formatNumber(value)} ms`
export const mb = (value: number): string => `${formatNumber(Math.round(value))} MB`
export const usd = (value: number): string =>
  `$${value >= 100 ? formatNumber(Math.round(value)) : value.toFixed(2)}`
