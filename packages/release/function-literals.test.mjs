import { describe, expect, it } from 'vitest'
import { arrowsToFunctions } from './function-literals.mjs'

/** The rewritten module's exports, run from a data URL. */
const run = async (source) => {
  const { text } = arrowsToFunctions(source, 'module.mjs')
  return import(`data:text/javascript,${encodeURIComponent(text)}`)
}

describe('arrowsToFunctions', () => {
  it.each([
    ['an expression body', 'const f = (a) => a + 1', 'const f = function (a) { return (a + 1) }'],
    ['a block body', 'const f = (a, b) => { return a * b }', 'const f = function (a, b) { return a * b }'],
    ['one parameter without parentheses', 'const f = a => a', 'const f = function (a) { return (a) }'],
    ['an async arrow', 'const f = async x => await x', 'const f = async function (x) { return (await x) }'],
    ['an object literal body', 'const f = () => ({ a: 1 })', 'const f = function () { return (({ a: 1 })) }'],
    [
      'TypeScript types and a generic',
      'const f = <T,>(a: T, b = 2): T[] => [a]',
      'const f = function <T,>(a: T, b = 2): T[] { return ([a]) }',
    ],
    [
      'nested arrows, in a body and in a default value',
      'const f = (g = (x) => x) => (y) => g(y)',
      'const f = function (g = function (x) { return (x) }) { return (function (y) { return (g(y)) }) }',
    ],
    [
      'an arrow that uses this, arguments or new.target stays an arrow',
      'function o() { return [() => this, () => arguments[0], () => new.target] }',
      'function o() { return [() => this, () => arguments[0], () => new.target] }',
    ],
    [
      'the this of a nested function is its own',
      'const f = () => function () { return this }',
      'const f = function () { return (function () { return this }) }',
    ],
  ])('%s', (_, source, expected) => {
    expect(arrowsToFunctions(source, 'module.ts').text).toBe(expected)
  })

  it('adds no line, so source maps keep theirs', () => {
    const source = 'const f = (\n  a,\n  b,\n) =>\n  a +\n  b\nexport { f }\n'
    const { text, rewritten } = arrowsToFunctions(source, 'module.mjs')
    expect(rewritten).toBe(1)
    expect(text.split('\n')).toHaveLength(source.split('\n').length)
  })

  it('keeps what the functions do, their names and their async-ness', async () => {
    const source = [
      'export const add = (a, b = 1) => a + b',
      'export const pair = (x) => ({ x, twice: x * 2 })',
      'export const later = async (x) => { await null; return [x].map((y) => y + 1) }',
      'export const curry = (a) => (b) => a - b',
      'export const self = { name: "o", get: function () { return [1].map(() => this.name) } }',
    ].join('\n')
    const module = await run(source)
    expect([module.add(2), module.add(2, 3), module.pair(4), module.curry(5)(2), module.self.get()]).toEqual([
      3,
      5,
      { x: 4, twice: 8 },
      3,
      ['o'],
    ])
    expect(await module.later(1)).toEqual([2])
    expect([module.add.name, module.later.constructor.name]).toEqual(['add', 'AsyncFunction'])
  })
})
