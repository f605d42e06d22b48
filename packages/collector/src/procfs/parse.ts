/**
 * Byte-level parsing of /proc text, so a reading does not build strings. Every function throws a
 * `ProcParseError` on text that does not have the expected shape, so a garbled file never yields a number.
 */

const SPACE = 0x20
const TAB = 0x09
const NEWLINE = 0x0a
const DOT = 0x2e
const DIGIT_0 = 0x30
const DIGIT_9 = 0x39

export class ProcParseError extends Error {
  constructor(what: string) {
    super(`unexpected content in ${what}`)
    this.name = 'ProcParseError'
  }
}

const isDigit = (byte: number | undefined): byte is number =>
  byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9

/** A cursor over a buffer: reads unsigned integers and decimals separated by spaces or tabs. */
export class ByteCursor {
  position = 0

  constructor(
    readonly bytes: Buffer,
    readonly what: string,
  ) {}

  skipBlanks(): void {
    let byte = this.bytes[this.position]
    while (byte === SPACE || byte === TAB) byte = this.bytes[++this.position]
  }

  /** Skips past the next occurrence of `text`; false when the rest of the buffer lacks it. */
  skipPast(text: string): boolean {
    const index = this.bytes.indexOf(text, this.position, 'latin1')
    if (index < 0) return false
    this.position = index + text.length
    return true
  }

  /** Moves to the start of the next line; false at the end of the buffer. */
  nextLine(): boolean {
    // Buffer#indexOf is a native scan: stepping byte by byte in JS cost /proc/net/dev 0.3 us a reading.
    const newline = this.bytes.indexOf(NEWLINE, this.position)
    if (newline < 0) {
      this.position = this.bytes.length
      return false
    }
    this.position = newline + 1
    return this.position < this.bytes.length
  }

  /** Moves past `label` where a line starts with it; false when no line does. */
  seekLineStartingWith(label: string): boolean {
    this.position = 0
    if (this.atLineStart(label)) {
      this.position = label.length
      return true
    }
    return this.skipPast(`\n${label}`)
  }

  atLineStart(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      if (this.bytes[this.position + i] !== text.charCodeAt(i)) return false
    }
    return true
  }

  /** An unsigned decimal number such as `1234` or `0.52`, after optional blanks. */
  number(): number {
    // The buffer and position in locals for the loops, stored back once: a reading parses dozens of numbers.
    const bytes = this.bytes
    let position = this.position
    let byte = bytes[position]
    while (byte === SPACE || byte === TAB) byte = bytes[++position]
    if (!isDigit(byte)) throw new ProcParseError(this.what)
    // Every digit, the fraction's too, goes into one integer divided once at the end: one correctly rounded
    // division, so 1.14 reads as 1.14. Adding 14 / 100 to 1 rounds twice and gives 1.1400000000000001.
    let digits = 0
    let divisor = 1
    while (isDigit(byte)) {
      digits = digits * 10 + (byte - DIGIT_0)
      byte = bytes[++position]
    }
    if (byte === DOT) {
      byte = bytes[++position]
      while (isDigit(byte)) {
        digits = digits * 10 + (byte - DIGIT_0)
        divisor *= 10
        byte = bytes[++position]
      }
    }
    this.position = position
    if (byte !== undefined && byte !== SPACE && byte !== TAB && byte !== NEWLINE) {
      throw new ProcParseError(this.what)
    }
    // Hundreds of digits overflow to Infinity (and Infinity / Infinity is NaN): no counter is that large.
    const value = digits / divisor
    if (!Number.isFinite(value)) throw new ProcParseError(this.what)
    return value
  }

  /**
   * Moves past the next `stop` on this line, after optional blanks, and returns where the text before it
   * starts (it ends at `position - 1`); used for interface names, which are compared as bytes, not strings.
   */
  skipToken(stop: number): number {
    this.skipBlanks()
    const start = this.position
    const length = this.bytes.length
    while (
      this.position < length &&
      this.bytes[this.position] !== stop &&
      this.bytes[this.position] !== NEWLINE
    ) {
      this.position++
    }
    if (this.bytes[this.position] !== stop) throw new ProcParseError(this.what)
    this.position++
    return start
  }
}
