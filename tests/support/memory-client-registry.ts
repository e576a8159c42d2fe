import type { ClientRegistry, ClientRegistration } from '../../src/main/client-registration'

export type { ClientRegistration } from '../../src/main/client-registration'

export class MemoryClientRegistry implements ClientRegistry {
  private readonly apps = new Map<string, ClientRegistration>()

  async get(apiBaseUrl: string): Promise<ClientRegistration | undefined> {
    const app = this.apps.get(apiBaseUrl)
    return app && { ...app, redirectUris: [...app.redirectUris], scopes: [...app.scopes] }
  }

  async put(apiBaseUrl: string, app: ClientRegistration): Promise<void> {
    this.apps.set(apiBaseUrl, {
      ...app,
      redirectUris: [...app.redirectUris],
      scopes: [...app.scopes]
    })
  }

  async forget(apiBaseUrl: string): Promise<void> {
    this.apps.delete(apiBaseUrl)
  }
}
