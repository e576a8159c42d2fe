import { z } from 'zod'

/** Something main tells the person once (a store opened read-only, a keychain that changed). */
export const noticeSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  message: z.string()
})
export type Notice = z.infer<typeof noticeSchema>
