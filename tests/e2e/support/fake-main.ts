import { startHarnessServer, type HarnessServer } from '../../../src/harness/server'
import { EventQueue } from '../../../src/main/ipc/push'
import { createRouter, type Handlers } from '../../../src/main/ipc/router'
import { channels } from '@shared/ipc/contract'
import { resolve } from 'node:path'

/**
 * The built renderer served by the real harness server, but with main replaced by handlers the
 * test writes. For screens the real services reach only by accident (a keychain-less machine, a
 * server refusing revocation): the answers still pass the real router, so they obey the contract.
 */
export interface FakeMainHarness extends HarnessServer {
  events: EventQueue
  calls: { channel: string; request: unknown }[]
}

export async function startFakeMain(handlers: Partial<Handlers>): Promise<FakeMainHarness> {
  const calls: FakeMainHarness['calls'] = []
  const all = Object.fromEntries(
    channels.map((channel) => [
      channel,
      async (request: unknown) => {
        calls.push({ channel, request })
        const handler = handlers[channel] as ((r: unknown) => unknown) | undefined
        if (!handler) throw new Error(`${channel} is not faked`)
        return handler(request)
      }
    ])
  ) as Handlers
  const events = new EventQueue()
  const server = await startHarnessServer({
    target: { dispatch: createRouter(all), events },
    rendererDir: resolve(import.meta.dirname, '../../../out/renderer')
  })
  return { ...server, events, calls }
}
