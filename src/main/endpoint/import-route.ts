import type { IncomingMessage, ServerResponse } from 'node:http'
import { endpointError } from './errors'
import type { AccountImporter } from './ports'
import { readJsonBody } from './json-body'
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
  const body = await readJsonBody(req, MAX_IMPORT_BODY_BYTES)
  if (!body.ok) {
    const tooLarge = body.error.code === 'body_too_large'
    return refuse(res, body.error, tooLarge ? { connection: 'close' } : undefined)
  }
  try {
    sendJson(res, 200, JSON.stringify(await importer(body.value)))
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
