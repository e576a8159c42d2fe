import http, { type IncomingMessage } from 'node:http'
import { CliError, exitCodes } from './exit-codes'
import type { EndpointFile } from '@shared/endpoint-file'

/**
 * node:http rather than fetch(): the first fetch() in a Node 20 process costs ~95 ms of start-up,
 * which alone would blow the CLI's 100 ms budget.
 */
export function callEndpoint(
  endpoint: EndpointFile,
  options: { method: string; path: string; body?: string; timeoutMs: number }
): Promise<IncomingMessage> {
  const url = new URL(endpoint.url)
  const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${endpoint.secret}` }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = Buffer.byteLength(options.body)
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers,
        agent: false,
        timeout: options.timeoutMs
      },
      resolve
    )
    req.on('timeout', () =>
      req.destroy(new CliError(exitCodes.failure, `${endpoint.url} did not answer in time.`))
    )
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof CliError) return reject(error)
      if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') {
        return reject(
          new CliError(
            exitCodes.staleEndpoint,
            `Nothing answers at ${endpoint.url}: endpoint.json is left over, or script access is restarting. Start Fedivault, or try again.`
          )
        )
      }
      reject(
        new CliError(
          exitCodes.failure,
          `Cannot reach ${endpoint.url} (${error.code ?? error.message}).`
        )
      )
    })
    req.end(options.body)
  })
}

export function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    res.on('error', reject)
  })
}

/** An answer the endpoint itself refused (marked with x-fedivault-error) as a CliError. */
export async function endpointRefusal(res: IncomingMessage): Promise<CliError | null> {
  const code = res.headers['x-fedivault-error']
  if (typeof code !== 'string') return null
  let message = `The endpoint answered ${res.statusCode} (${code}).`
  try {
    const body = JSON.parse(await readBody(res)) as { message?: unknown }
    if (typeof body.message === 'string') message = body.message
  } catch {
    // keep the generic message
  }
  return new CliError(exitCodeFor(code), message)
}

function exitCodeFor(code: string): number {
  switch (code) {
    case 'unauthorized':
    case 'key_revoked':
    case 'key_expired':
    case 'rate_limited':
    case 'forbidden_host':
    case 'browser_request':
      return exitCodes.refused
    case 'unknown_account':
    case 'unknown_key':
      return exitCodes.unknownAccount
    case 'key_scope':
      return exitCodes.keyScope
    case 'no_active_account':
      return exitCodes.noActiveAccount
    case 'needs_reauth':
      return exitCodes.needsReauth
    default:
      return code.startsWith('upstream_') || code === 'forbidden_path'
        ? exitCodes.apiError
        : exitCodes.failure
  }
}

/** GET a JSON route; refusals become CliErrors. */
export async function getJson(endpoint: EndpointFile, path: string): Promise<unknown> {
  const res = await callEndpoint(endpoint, { method: 'GET', path, timeoutMs: 10_000 })
  const refusal = await endpointRefusal(res)
  if (refusal) throw refusal
  const text = await readBody(res)
  if (res.statusCode !== 200) {
    throw new CliError(
      exitCodes.failure,
      `Unexpected answer ${res.statusCode} from ${endpoint.url}.`
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new CliError(exitCodes.failure, `The endpoint at ${endpoint.url} did not answer JSON.`)
  }
}
