import type { Notice } from '@shared/ipc/contract'
import type { Handlers } from '../router'

/** `app:info`: what the renderer shows about the application and where it runs. */
export function appHandlers(about: {
  name: string
  version: string
  os: NodeJS.Platform
  harness: boolean
  nativeFileDialogs: boolean
  /** Start-up notices (the vault's), shown until the person dismisses them. */
  notices: readonly Notice[]
}): Pick<Handlers, 'app:info'> {
  return {
    'app:info': () => ({
      name: about.name,
      version: about.version,
      platform: about.os,
      harness: about.harness,
      capabilities: { nativeFileDialogs: about.nativeFileDialogs },
      notices: [...about.notices]
    })
  }
}
