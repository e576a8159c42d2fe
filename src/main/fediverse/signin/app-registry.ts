/** An app registration on one server, as the vault stores it (encrypted: it holds a secret). */
export interface RegisteredApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
  registeredAt: number
}

/** Where registrations live between sign-ins: the vault in the app, memory in tests and benchmarks. */
export interface AppRegistry {
  get(apiBaseUrl: string): Promise<RegisteredApp | undefined>
  put(apiBaseUrl: string, app: RegisteredApp): Promise<void>
  /** The server said invalid_client: the registration is gone and will be made again. */
  forget(apiBaseUrl: string): Promise<void>
}

export class MemoryAppRegistry implements AppRegistry {
  private readonly apps = new Map<string, RegisteredApp>()

  async get(apiBaseUrl: string): Promise<RegisteredApp | undefined> {
    const app = this.apps.get(apiBaseUrl)
    return app && { ...app, redirectUris: [...app.redirectUris], scopes: [...app.scopes] }
  }

  async put(apiBaseUrl: string, app: RegisteredApp): Promise<void> {
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
