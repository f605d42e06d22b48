import { describe, expect, it } from 'vitest'
import { ByteCursor, ProcParseError } from './parse.js'

const numberIn = (text: string): number => new ByteCursor(Buffer.from(text), 'test').number()

describe('ByteCursor.number', () => {
  it.each([
    { text: '0', value: 0 },
    { text: '1234', value: 1234 },
    { text: '0.52', value: 0.52 },
    { text: '1.14', value: 1.14 },
    { text: '377.23', value: 377.23 },
    { text: '34359738367', value: 34_359_738_367 },
    { text: '  \t42 kB', value: 42 },
  ])('reads "$text" as $value', ({ text, value }) => {
    expect(numberIn(text)).toBe(value)
  })

  it('reads every load average and uptime fraction exactly as JavaScript would', () => {
    // /proc/loadavg and /proc/uptime print two decimals; a figure such as Load1 = 1.1400000000000001 in
    // an EMF record is what adding the fraction digit by digit produces.
    const texts = Array.from({ length: 100_000 }, (_, hundredths) => (hundredths / 100).toFixed(2))

    const misread = texts.filter((text) => numberIn(text) !== Number(text))

    expect(misread).toEqual([])
  })

  it.each(['', 'abc', '-1', '12a', '1,5', 'nan'])('rejects "%s"', (text) => {
    expect(() => numberIn(text)).toThrow(ProcParseError)
  })
})
