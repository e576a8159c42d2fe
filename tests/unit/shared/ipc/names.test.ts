import { expect, test } from 'vitest'
import { contract, events } from '@shared/ipc/contract'
import { channels, eventNames, isChannel, isEventName } from '@shared/ipc/names'

// The preload builds window.api from the names-only lists; main validates with the contract. The
// compiler already refuses a name missing on either side; this also holds the order and the
// runtime values together.
test('the names-only channel list is exactly the contract’s channels, in its order', () => {
  expect([...channels]).toEqual(Object.keys(contract))
  expect(new Set(channels).size).toBe(channels.length)
})

test('the names-only event list is exactly the contract’s events, in its order', () => {
  expect([...eventNames]).toEqual(Object.keys(events))
})

test('isChannel and isEventName accept the listed names only', () => {
  expect(isChannel('accounts:list')).toBe(true)
  expect(isChannel('accounts:changed')).toBe(false)
  expect(isChannel('toString')).toBe(false)
  expect(isChannel(42)).toBe(false)
  expect(isEventName('accounts:changed')).toBe(true)
  expect(isEventName('accounts:list')).toBe(false)
  expect(isEventName('constructor')).toBe(false)
})
