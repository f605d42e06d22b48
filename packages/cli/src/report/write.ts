import { writeFile } from 'node:fs/promises'
import type { AdviceReport } from '../advise/types.js'
import { renderHtmlReport } from './html.js'

/** Writes the HTML report to `path`; what went wrong, in words, or undefined when it was written. */
export const writeHtmlReport = async (path: string, report: AdviceReport): Promise<string | undefined> => {
  try {
    await writeFile(path, renderHtmlReport(report))
    return undefined
  } catch (error) {
    return `cannot write the HTML report to '${path}': ${error instanceof Error ? error.message : String(error)}`
  }
}
