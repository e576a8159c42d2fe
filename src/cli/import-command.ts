import { homedir } from 'node:os'
import { readSources } from '../main/transfer/import/read-sources'
import { TransferError } from '../main/transfer/errors'
import { tootConfigPath } from '../main/transfer/import/toot-location'
import type { ImportReport } from '@shared/domain/transfer'
import type { Command } from './args'
import type { EndpointFile } from '@shared/endpoint-file'
import { httpRoutes } from '@shared/http-routes'
import { callEndpoint, endpointRefusal, readBody } from './endpoint-client'
import { CliError, exitCodes } from './exit-codes'

const LABEL: Record<ImportReport['items'][number]['outcome'], string> = {
  added: 'added',
  already_present: 'already here',
  duplicate: 'duplicate',
  failed: 'failed'
}

/**
 * Reads the other tool's files here, as the person running the command, and sends their contents
 * to the running app: the endpoint never opens a path a caller names.
 */
export async function runImport(
  command: Extract<Command, { kind: 'import' }>,
  endpoint: EndpointFile,
  write: (text: string) => void
): Promise<number> {
  const paths =
    command.paths.length > 0
      ? command.paths
      : [tootConfigPath({ env: process.env, platform: process.platform, home: homedir() })]
  const files = await readSources(command.source, paths).catch((error: unknown) => {
    // A path that does not exist, cannot be read or is far too big: named as it was typed.
    if (error instanceof TransferError)
      throw new CliError(exitCodes.importUnreadable, error.message)
    throw new CliError(exitCodes.failure, error instanceof Error ? error.message : String(error))
  })
  const body = JSON.stringify({
    source: command.source,
    files: files.map((f) => ({ name: f.name, text: f.text }))
  })
  const res = await callEndpoint(endpoint, {
    method: 'POST',
    path: httpRoutes.import,
    body,
    // Every account is checked with its server; a slow one may take a while.
    timeoutMs: 300_000
  })
  const refusal = await endpointRefusal(res)
  if (refusal) throw refusal
  const text = await readBody(res)
  let report: ImportReport
  try {
    report = JSON.parse(text) as ImportReport
  } catch {
    throw new CliError(exitCodes.failure, `The endpoint at ${endpoint.url} did not answer JSON.`)
  }
  write(command.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report))
  if (report.files.some((f) => f.unreadable)) return exitCodes.importUnreadable
  return report.counts.failed > 0 ? exitCodes.importIncomplete : exitCodes.ok
}

function describe(report: ImportReport): string {
  const lines: string[] = []
  for (const item of report.items) {
    const who = item.handle ?? `${item.origin} (${item.apiBaseUrl})`
    lines.push(`${LABEL[item.outcome].padEnd(12)}  ${who}${item.reason ? `: ${item.reason}` : ''}`)
  }
  for (const file of report.files) {
    if (file.unreadable) lines.push(`failed        ${file.name}: ${file.unreadable}.`)
  }
  for (const problem of report.problems) lines.push(`skipped       ${problem}`)
  const c = report.counts
  const unreadable = report.files.filter((f) => f.unreadable).length
  lines.push(
    `${c.found} found: ${c.added} added, ${c.alreadyPresent} already in Fedivault, ${c.failed} failed` +
      (unreadable
        ? `; ${unreadable} ${unreadable === 1 ? 'file' : 'files'} could not be read.`
        : '.')
  )
  const deletable = report.files.filter((f) => f.deletable).map((f) => f.name)
  if (deletable.length > 0) {
    lines.push(
      `Every account in ${deletable.join(', ')} is now in Fedivault. The file still holds them in plain text; delete it if nothing else needs it (Fedivault did not).`
    )
  }
  return `${lines.join('\n')}\n`
}
