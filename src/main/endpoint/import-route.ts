import type { IncomingMessage, ServerResponse } from 'node:http'
import { endpointError } from './errors'
import type { AccountImporter } from './ports'
import { sendError, sendJson } from './responses'

/** Two credential files of a few hundred bytes each is the usual; 50 files of 1 MB the most. */
const MAX_IMPORT_BODY_BYTES = 64 * 1024 * 1024

/**
 * `POST /v1/import`, for `fedivault import`: the CLI reads the other tool's files and sends their
 * contents, so the endpoint never opens a path a caller names. Resolves with the status sent.
 */
export async function answerImport(
  req: IncomingMessage,
  res: ServerResponse,
  importer: AccountImporter | undefined
): Promise<number> {
  if (!importer) return refuse(res, endpointError('not_found'))
  const text = await readBody(req, MAX_IMPORT_BODY_BYTES)
  if (text === undefined)
    return refuse(res, endpointError('body_too_large'), { connection: 'close' })
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return refuse(res, endpointError('bad_request', 'The body must be JSON.'))
  }
  try {
    sendJson(res, 200, JSON.stringify(await importer(body)))
    return 200
  } catch (error) {
    const message = error instanceof Error && 'code' in error ? error.message : undefined
    if (!message) throw error
    return refuse(res, endpointError('import_refused', message))
  }
}

function refuse(
  res: ServerResponse,
  error: ReturnType<typeof endpointError>,
  headers?: Record<string, string>
): number {
  sendError(res, error, headers)
  return error.status
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume()
        resolve(undefined)
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
