import { fs } from '../builtins.js'
import { descriptorOf, holdDescriptor, releaseDescriptor, reopenLater } from './shared-descriptors.js'

// A ProcFile that is dropped without close() (its collector garbage collected) lets go of its path then.
const unreleased = new FinalizationRegistry<string>(releaseDescriptor)

/**
 * A /proc file kept open between readings. A positional read at offset 0 makes the kernel regenerate the
 * file's contents and costs about a quarter of `readFileSync` (no open, fstat or close per reading).
 * The descriptor is shared by every ProcFile of the same path in the process (see shared-descriptors.ts);
 * the buffer is this file's own and reused, so a reading allocates nothing but what is parsed out of it.
 */
export class ProcFile {
  readonly #path: string
  #buffer: Buffer
  #held = false

  constructor(path: string, initialBytes: number) {
    this.#path = path
    this.#buffer = Buffer.allocUnsafe(initialBytes)
  }

  /** Reads the whole file; the returned view is valid until the next read. */
  read(): Buffer {
    if (!this.#held) {
      holdDescriptor(this.#path)
      unreleased.register(this, this.#path, this)
      this.#held = true
    }
    let length: number
    try {
      const fd = descriptorOf(this.#path)
      length = fs.readSync(fd, this.#buffer, 0, this.#buffer.length, 0)
      // A full buffer may mean a longer file (many network interfaces): grow and read again.
      while (length === this.#buffer.length) {
        this.#buffer = Buffer.allocUnsafe(this.#buffer.length * 2)
        length = fs.readSync(fd, this.#buffer, 0, this.#buffer.length, 0)
      }
    } catch (error) {
      // The next reading opens the file again: a file that failed once is not given up on.
      reopenLater(this.#path)
      throw error
    }
    if (length === 0) throw new Error(`${this.#path} is empty`)
    return this.#buffer.subarray(0, length)
  }

  close(): void {
    if (!this.#held) return
    this.#held = false
    unreleased.unregister(this)
    releaseDescriptor(this.#path)
  }
}
