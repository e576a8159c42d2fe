import type { AxiosInstance } from 'axios'
import { z } from 'zod'
import { importSourceSchema } from '@shared/domain/transfer'
import { TransferError } from './errors'
import { MAX_IMPORT_FILE_BYTES } from './import/read-sources'
import { homedir } from 'node:os'
import type { SignInFlows } from '../fediverse'
import type { AccountVault } from '../vault'
import { engineAccountChecker } from './account-check'
import type { FileDialogs } from './file-dialogs'
import { tootConfigPath } from './import/toot-location'
import { transferHandlers } from '../ipc/handlers/transfer'
import { createLogger, type LogSink } from '../logging/logger'
import { TransferService } from './transfer-service'

const scriptImportSchema = z.object({
  source: importSourceSchema,
  files: z
    .array(
      z.object({ name: z.string().min(1).max(4096), text: z.string().max(MAX_IMPORT_FILE_BYTES) })
    )
    .min(1)
    .max(50)
})

/** Import, export and restore as the composition root wires them. */
export function createTransfer(deps: {
  vault: AccountVault
  flows: Pick<SignInFlows, 'discover'>
  client: AxiosInstance
  platform: { os: NodeJS.Platform; dialogs?: FileDialogs; logSink: LogSink }
}) {
  const service = new TransferService({
    vault: deps.vault,
    checker: engineAccountChecker({
      discover: (input) => deps.flows.discover(input),
      client: deps.client
    }),
    log: createLogger('transfer', deps.platform.logSink)
  })
  const handlers = transferHandlers({
    service,
    dialogs: deps.platform.dialogs,
    tootConfigPath: tootConfigPath({
      env: process.env,
      platform: deps.platform.os,
      home: homedir()
    })
  })
  /** `POST /v1/import` of the script endpoint: file contents the CLI read, checked here. */
  const importFromScript = async (body: unknown) => {
    const request = scriptImportSchema.safeParse(body)
    if (!request.success) {
      const issue = request.error.issues[0]
      throw new TransferError(
        'import_file_unreadable',
        `The import request is not valid${issue?.path.length ? ` (${issue.path.join('.')})` : ''}.`
      )
    }
    return service.importContents(request.data.source, request.data.files)
  }
  return { service, handlers, importFromScript }
}
