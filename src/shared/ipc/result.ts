import { z } from 'zod'
import { ipcErrorCodeSchema } from './error-codes'

/** Every IPC answer: never a thrown error across the process boundary, always a value. */
export const ipcErrorSchema = z.object({
  code: ipcErrorCodeSchema,
  message: z.string(),
  /** The step that failed (`discover`, `register_app`, `token`, `verify`, …), when known. */
  step: z.string().optional(),
  retryAfterSeconds: z.number().optional()
})
export type IpcError = z.infer<typeof ipcErrorSchema>

export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError }
