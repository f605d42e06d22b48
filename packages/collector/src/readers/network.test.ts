import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixture } from '../test-support/proc-trees.js'
import { FUNCTION_INTERFACES, interfaceKind, interfaceKindAt, parseNetDev } from './network.js'

describe("parseNetDev counts the function's own interfaces where there are any", () => {
  it.each([
    // Lambda: lo, vinternal_1, telemetry1_sb (the Telemetry API to extensions): vinternal_1 alone.
    { layout: 'lambda-vinternal_1', recv: 1_843_201, sent: 291_044, errorsIn: 2, errorsOut: 1 },
    // Newer Lambda environments: vint_runtime instead of vinternal_1, listed after telemetry1_sb.
    { layout: 'lambda-vint_runtime', recv: 52_337, sent: 38_110, errorsIn: 0, errorsOut: 0 },
    // Lambda Managed Instances: lo, Veth0 (the host side of the pair), Ceth1: Ceth1 alone.
    { layout: 'managed-instances', recv: 3_145_728, sent: 2_097_152, errorsIn: 3, errorsOut: 4 },
    // Anywhere else (this EC2-like host): every interface but loopback: ifb0, ifb1 (zero) and eth0.
    { layout: 'ec2', recv: 295_762_035, sent: 501_831, errorsIn: 0, errorsOut: 0 },
  ])('$layout', ({ layout, recv, sent, errorsIn, errorsOut }) => {
    // Prepare
    const bytes = readFileSync(fixture(`net-dev/${layout}`))

    // Act
    const counters = parseNetDev(bytes)

    // Assess
    expect(counters).toEqual({ bytesRecv: recv, bytesSent: sent, errorsIn, errorsOut })
  })

  it('counts every own interface when a layout shows more than one', () => {
    // proc-lambda (hand-made): lo, vinternal_1 and vint_runtime; both are the function's.
    const counters = parseNetDev(readFileSync(fixture('proc-lambda/net/dev')))

    expect(counters).toEqual({
      bytesRecv: 1_843_201 + 52_337,
      bytesSent: 291_044 + 38_110,
      errorsIn: 2,
      errorsOut: 1,
    })
  })
})

describe('interfaceKind tells an interface from the bytes of its name', () => {
  it.each([
    { name: 'lo', kind: 'loopback' },
    { name: 'lo0', kind: 'loopback' },
    { name: 'lo12', kind: 'loopback' },
    { name: 'loop', kind: 'other' },
    { name: 'l', kind: 'other' },
    { name: 'eth0', kind: 'other' },
    { name: 'vinternal_1', kind: 'own' },
    { name: 'vinternal_10', kind: 'other' },
    { name: 'vint_runtime', kind: 'own' },
    { name: 'Ceth1', kind: 'own' },
    { name: 'ceth1', kind: 'other' },
    { name: 'telemetry1_sb', kind: 'other' },
  ])('$name: $kind', ({ name, kind }) => {
    expect(interfaceKind(name)).toBe(kind)
  })

  it('agrees with the rule written as strings, for any name and wherever it sits in the buffer', () => {
    const names = fc.oneof(
      fc.constantFrom(...FUNCTION_INTERFACES, 'lo', 'lo7', 'eth0'),
      fc.stringMatching(/^[a-zA-Z0-9_]{0,14}$/),
    )
    fc.assert(
      fc.property(names, fc.string({ maxLength: 4 }), (name, padding) => {
        const bytes = Buffer.from(`${padding}${name}:`, 'latin1')
        const start = Buffer.byteLength(padding, 'latin1')
        const expected = /^lo\d*$/.test(name)
          ? 'loopback'
          : FUNCTION_INTERFACES.includes(name)
            ? 'own'
            : 'other'
        expect(interfaceKindAt(bytes, start, start + name.length)).toBe(expected)
      }),
    )
  })
})
