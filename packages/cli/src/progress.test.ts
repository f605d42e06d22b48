import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProgress, looksLikeRecord, regularFileSize } from './progress.js'

const terminal = () => {
  const writes: string[] = []
  return { isTTY: true, writes, write: (text: string) => writes.push(text) }
}
const clockAt = (times: number[]) => {
  let index = 0
  return () => times[Math.min(index++, times.length - 1)] ?? 0
}

describe('createProgress', () => {
  it.each([false, undefined])(
    'gives nothing at all when the stream is not a terminal (isTTY %s)',
    (isTTY) => {
      expect(createProgress({ isTTY, write: () => undefined } as never)).toBeUndefined()
    },
  )

  it('writes at most one line per interval, overwriting the last', () => {
    // Prepare: started at 0 ms; lines read at 100, 200 and 300 ms
    const stream = terminal()
    const progress = createProgress(stream, { now: clockAt([0, 100, 200, 300]), intervalMs: 250 })

    // Act
    progress?.bytes(3_000_000)
    progress?.line(true)
    progress?.line(false)
    const before = stream.writes.length
    progress?.line(true)

    // Assess
    expect(before).toBe(0)
    expect(stream.writes).toEqual([
      '\r\u001b[Kutilization-metrics: 3 lines, 2 records, 10 lines/s, 9.54 MiB/s',
    ])
  })

  it('says the share done when the input size is known', () => {
    const stream = terminal()
    const progress = createProgress(stream, { now: clockAt([0, 500]), totalBytes: 4 * 1024 * 1024 })

    progress?.bytes(1024 * 1024)
    progress?.line(true)

    expect(stream.writes.at(-1)).toMatch(/1 line, 1 record, 2 lines\/s, 2 MiB\/s, 25 % of 4 MiB$/)
  })

  it('ends with the final figures on a line of their own', () => {
    const stream = terminal()
    const progress = createProgress(stream, { now: clockAt([0, 10, 2000]), totalBytes: 100 })

    progress?.bytes(100)
    progress?.line(false)
    progress?.finish()

    expect(stream.writes).toEqual([
      '\r\u001b[Kutilization-metrics: 1 line, 0 records, 1 lines/s, 50 B/s, 100 % of 100 B\n',
    ])
  })
})

describe('regularFileSize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'um-progress-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the size of a regular file behind a file descriptor', () => {
    const path = join(dir, 'log.txt')
    writeFileSync(path, 'x'.repeat(1234))
    const fd = openSync(path, 'r')
    try {
      expect(regularFileSize({ fd })).toBe(1234)
    } finally {
      closeSync(fd)
    }
  })

  it('gives no size for a directory', () => {
    const fd = openSync(dir, 'r')
    try {
      expect(regularFileSize({ fd })).toBeUndefined()
    } finally {
      closeSync(fd)
    }
  })

  it.each([
    ['a stream without a file descriptor', {}],
    ['a closed file descriptor', { fd: 987_654 }],
  ])('gives no size for %s', (_what, input) => {
    expect(regularFileSize(input)).toBeUndefined()
  })
})

describe('looksLikeRecord', () => {
  it.each([
    ['{"_aws":{"Timestamp":1}}', true],
    ['2026-11-30T10:00:00Z abc {"_aws":{"Timestamp":1}}', true],
    ['REPORT RequestId: 1\tDuration: 3 ms', true],
    ['START RequestId: 1 Version: $LATEST', false],
    ['{"level":"INFO","message":"order placed"}', false],
  ])('%s: %s', (line, expected) => {
    expect(looksLikeRecord(line)).toBe(expected)
  })
})
