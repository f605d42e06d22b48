import { HtmlValidate } from 'html-validate'
import { describe, expect, it } from 'vitest'
import { adviceOf } from '../test-support/advice-fixture.js'
import { renderHtmlReport } from './html.js'

const report = adviceOf()
// html-validate works offline: its HTML5 element rules ship in the package.
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] })
const problems = async (html: string): Promise<string[]> => {
  const result = await validator.validateString(html)
  return result.results.flatMap((file) =>
    file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`),
  )
}

describe('the HTML report', () => {
  it('validates as HTML5', async () => {
    expect(await problems(renderHtmlReport(report))).toEqual([])
  })

  it('is checked by a validator that does find problems', async () => {
    const broken = renderHtmlReport(report).replace('<table>', '<table><div>')

    expect(await problems(broken)).not.toEqual([])
  })
})
