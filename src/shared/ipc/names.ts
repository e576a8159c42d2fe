/**
 * The IPC contract's channel and event names, and nothing else: no schemas. The preload builds
 * `window.api` from these lists, so its bundle carries no zod (validation happens in main, against
 * `contract.ts`, which declares exactly these names — the compiler and a test hold them together).
 * A new channel is added here and in the contract.
 */
export const channels = [
  'app:info',
  'instances:discover',
  'signin:password',
  'signin:startBrowser',
  'signin:openBrowser',
  'signin:awaitBrowser',
  'signin:submitCode',
  'signin:cancel',
  'accounts:list',
  'accounts:get',
  'accounts:switch',
  'accounts:rename',
  'accounts:reorder',
  'accounts:remove',
  'accounts:reverify',
  'settings:get',
  'settings:update',
  'scriptAccess:set',
  'scriptAccess:copySecret',
  'scriptAccess:auditLog',
  'scriptKeys:list',
  'scriptKeys:create',
  'scriptKeys:revoke',
  'scriptKeys:trail',
  'transfer:chooseImportFiles',
  'transfer:import',
  'transfer:deleteImported',
  'transfer:chooseExportFile',
  'transfer:export',
  'transfer:chooseRestoreFile',
  'transfer:restore',
  'desktop:setStartAtLogin',
  'desktop:setNotifications',
  'desktop:chooseKeyring',
  'desktop:restart'
] as const

/** Main → renderer pushes. */
export const eventNames = [
  'accounts:changed',
  'settings:changed',
  'signin:progress',
  'app:notice',
  'app:navigate'
] as const

export type Channel = (typeof channels)[number]
export type EventName = (typeof eventNames)[number]

const channelSet: ReadonlySet<string> = new Set(channels)
const eventSet: ReadonlySet<string> = new Set(eventNames)

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && channelSet.has(value)
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && eventSet.has(value)
}
