/**
 * The script endpoint's HTTP paths: the HTTP counterpart of the IPC contract. The endpoint's
 * router (src/main/endpoint/routes.ts), the proxy's redirect rewriting and the `fedivault` CLI
 * all spell them from here. A plain `as const` table so that adding a route is one line.
 */
export const httpRoutes = {
  accounts: '/v1/accounts',
  token: '/v1/token',
  import: '/v1/import',
  keys: '/v1/keys',
  /** `POST` mints a key for one command and holds the answer open; `DELETE …/<id>` ends it. */
  runKeys: '/v1/run-keys',
  /** Followed by `<handle>/api/…`: the call is forwarded to the account's server with its token. */
  proxyPrefix: '/v1/proxy/'
} as const

/** The proxy path for an account's API path (`/api/v1/…`); the `@` of the handle stays readable. */
export function proxyRoute(handle: string, apiPath: string): string {
  return `${httpRoutes.proxyPrefix}${encodeURIComponent(handle).replace(/%40/g, '@')}${apiPath}`
}

/** A key's path, for `DELETE`. */
export const keyPath = (name: string): string => `${httpRoutes.keys}/${encodeURIComponent(name)}`
