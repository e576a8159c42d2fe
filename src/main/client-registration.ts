/**
 * OAuth app registrations, as the engine makes them and the vault keeps them. Declared once, here,
 * so that neither the engine nor the vault has to import the other.
 */

/** An app registration on one server (it holds a secret: the vault stores it sealed). */
export interface ClientRegistration {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
  registeredAt: number
}

/**
 * Where registrations live between sign-ins: the vault in the app, memory in tests and benchmarks.
 * The current app per API host is the one new sign-ins there use.
 */
export interface ClientRegistry {
  get(apiBaseUrl: string): Promise<ClientRegistration | undefined>
  /** Makes a newly registered app the current one. */
  put(apiBaseUrl: string, app: ClientRegistration): Promise<void>
  /** The server said invalid_client: the registration is gone and will be made again. */
  forget(apiBaseUrl: string): Promise<void>
}
