import { describe, expect, it } from 'vitest'
import { startRuntime } from './runtime.ts'
import { FUNCTION_ENV, HANDLER_FILE, SKIP_WITHOUT_RUNTIME_CLIENT } from './test-support/expectations.ts'

describe('startRuntime', () => {
  it.skipIf(SKIP_WITHOUT_RUNTIME_CLIENT)(
    'reports the init error the runtime client posts for a missing export',
    async () => {
      await expect(
        startRuntime({ handlerFile: HANDLER_FILE, handlerName: 'missing', env: FUNCTION_ENV }),
      ).rejects.toThrow('runtime init failed: Runtime.HandlerNotFound: example-handler.missing is undefined')
    },
  )

  it('refuses a handler file whose name the client cannot address', async () => {
    await expect(startRuntime({ handlerFile: '/tmp/my.handler.mjs' })).rejects.toThrow('no dot')
  })

  it('refuses a handler file that does not exist', async () => {
    await expect(startRuntime({ handlerFile: '/nonexistent/handler.mjs' })).rejects.toThrow('does not exist')
  })
})
