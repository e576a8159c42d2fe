import type { SettingsDto } from '@shared/domain/settings'
import type { ScriptAccessService } from '../../endpoint/service'
import type { EventQueue } from '../push'
import type { Handlers } from '../router'
import { AppError } from './errors'

type ScriptAccessChannel = Extract<keyof Handlers, `scriptAccess:${string}`>

/** The `scriptAccess:*` channels: the loopback endpoint for scripts, on and off. */
export function scriptAccessHandlers(deps: {
  scriptAccess: ScriptAccessService
  settings: () => SettingsDto
  events: EventQueue
  writeClipboard(text: string): void
}): Pick<Handlers, ScriptAccessChannel> {
  const { scriptAccess } = deps
  return {
    'scriptAccess:set': async ({ enabled, port }) => {
      if (enabled) await scriptAccess.start({ port })
      else await scriptAccess.stop()
      const current = deps.settings()
      // The vault announced the new setting before the endpoint was listening; this one carries
      // the running state and URL.
      deps.events.emit('settings:changed', current)
      return current
    },
    'scriptAccess:copySecret': () => {
      const secret = scriptAccess.secret()
      if (!secret) {
        throw new AppError('script_access_off', 'Turn script access on first.', 'copy_secret')
      }
      deps.writeClipboard(secret)
      return { copied: true }
    },
    'scriptAccess:auditLog': () => ({ entries: scriptAccess.auditLog() })
  }
}
