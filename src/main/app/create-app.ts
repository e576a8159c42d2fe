import type { AppInfo, Notice } from '../../shared/ipc/contract'
import { EventQueue } from '../ipc/push'
import { createRouter, type Dispatch, type Handlers } from '../ipc/router'
import { AppError } from './errors'

/** What differs between the Electron shell and the Node harness. */
export interface Platform {
  name: string
  version: string
  platform: NodeJS.Platform
  harness: boolean
  dataDir: string
  /** Opens an http(s) URL in the person's browser (Electron: shell.openExternal). */
  openExternal(url: string): Promise<void>
  writeClipboard(text: string): void
  log: Logger
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export interface MainApp {
  dispatch: Dispatch
  events: EventQueue
  close(): Promise<void>
}

/** The composition root shared by the Electron shell and the harness. */
export async function createMainApp(platform: Platform): Promise<MainApp> {
  const events = new EventQueue()
  const notices: Notice[] = []
  const notReady = (): never => {
    throw new AppError('not_implemented', 'This part of Fedivault is not wired yet.')
  }
  const info = (): AppInfo => ({
    name: platform.name,
    version: platform.version,
    platform: platform.platform,
    harness: platform.harness,
    notices
  })
  const handlers: Handlers = {
    'app:info': info,
    'instances:discover': notReady,
    'signin:password': notReady,
    'signin:startBrowser': notReady,
    'signin:openBrowser': notReady,
    'signin:awaitBrowser': notReady,
    'signin:submitCode': notReady,
    'signin:cancel': notReady,
    'accounts:list': () => ({ accounts: [], activeAccountId: null }),
    'accounts:get': notReady,
    'accounts:switch': notReady,
    'accounts:rename': notReady,
    'accounts:reorder': notReady,
    'accounts:remove': notReady,
    'accounts:reverify': notReady,
    'settings:get': notReady,
    'settings:update': notReady,
    'scriptAccess:set': notReady,
    'scriptAccess:copySecret': notReady,
    'scriptAccess:auditLog': notReady
  }
  const dispatch = createRouter(handlers, {
    onUnexpectedError: (channel, error) =>
      platform.log.error('ipc handler failed', { channel, error: describe(error) })
  })
  return { dispatch, events, close: async () => undefined }
}

/** Error text for logs: the class and message only, never request bodies or headers. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
