// The summarize toolkit as one module, for the repository's demo runner (bundled to dist/cli/index.js).
export { type EmfRecord, parseLogLine } from './emf.js'
export { formatRecord, formatSummary, formatValue } from './format.js'
export { median, summarize } from './summarize.js'
