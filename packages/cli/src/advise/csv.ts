/**
 * Rows of a CloudWatch Logs Insights result exported as CSV (the console's "Export results", or the
 * query's fields written out by a script): a header line of field names, then one invocation per line.
 */

/** The fields of one CSV line (RFC 4180 quoting: "a ""b""" is `a "b"`); fields never span lines here. */
export const csvFields = (line: string): string[] => {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < line.length; index++) {
    const char = line[index]
    if (quoted) {
      if (char !== '"') field += char
      else if (line[index + 1] === '"') {
        field += '"'
        index++
      } else quoted = false
    } else if (char === '"') quoted = true
    else if (char === ',') {
      fields.push(field)
      field = ''
    } else field += char
  }
  fields.push(field.replace(/\r$/, ''))
  return fields
}

/** A header names the window field and holds no JSON, so an EMF line is never taken for one. */
export const isCsvHeader = (line: string, requiredField: string): boolean =>
  !line.includes('{') && line.includes(requiredField) && csvFields(line).includes(requiredField)

/** One row as an object keyed by the header's field names. */
export const csvRow = (header: readonly string[], line: string): Record<string, string> => {
  const values = csvFields(line)
  const row: Record<string, string> = {}
  header.forEach((name, index) => {
    row[name] = values[index] ?? ''
  })
  return row
}
