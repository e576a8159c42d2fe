import { expect, test } from 'vitest'
import { EventQueue } from '../../../src/main/ipc/push'

const notice = (code: string) => ({ level: 'info' as const, code, message: code })

test('an event sent before the renderer is ready arrives once it is', () => {
  const queue = new EventQueue()
  const received: string[] = []
  queue.emit('app:notice', notice('early'))
  queue.attach((event, payload) => received.push(`${event}:${(payload as { code: string }).code}`))
  queue.emit('app:notice', notice('attached-not-ready'))
  expect(received).toEqual([])
  queue.ready()
  expect(received).toEqual(['app:notice:early', 'app:notice:attached-not-ready'])
  queue.emit('app:notice', notice('live'))
  expect(received.at(-1)).toBe('app:notice:live')
})

test('a reload queues again until the new page is ready', () => {
  const queue = new EventQueue()
  const first: string[] = []
  const second: string[] = []
  queue.attach((_e, p) => first.push((p as { code: string }).code))
  queue.ready()
  queue.detach()
  queue.emit('app:notice', notice('during-reload'))
  queue.attach((_e, p) => second.push((p as { code: string }).code))
  queue.ready()
  expect(first).toEqual([])
  expect(second).toEqual(['during-reload'])
})

test('a malformed event is a bug in main and throws there', () => {
  const queue = new EventQueue()
  expect(() => queue.emit('app:navigate', { to: 'nowhere' } as never)).toThrow()
})
