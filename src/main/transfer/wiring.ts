import { z } from 'zod'
import { importSourceSchema } from '@shared/domain/transfer'
import type { AccountVault } from '../vault'
import type { AccountChecker } from './account-check'
import { TransferError } from './errors'
import { MAX_IMPORT_FILE_BYTES } from './import/read-sources'
import type { Logger } from '../logging/logger'
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

/** Import, export and restore over the vault, with the account checker the caller built. */
export function createTransfer(deps: {
  vault: AccountVault
  checker: AccountChecker
  log: Logger
}) {
  const service = new TransferService(deps)
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
  return { service, importFromScript }
}
