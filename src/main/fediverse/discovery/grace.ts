/**
 * Optional documents (NodeInfo, OAuth metadata) must never hold a person up: once the required
 * one has answered, they get a short grace period and whatever has not arrived by then is
 * decided without (issue: a NodeInfo link that never answers made "Look up" wait 15 s).
 */

/** How long optional documents may lag behind the instance document. */
export const OPTIONAL_DOCUMENT_GRACE_MS = 1_000

/** What a late answer reads as: it may still arrive, but nobody waits for it. */
export const LATE = Symbol('late')
export type Late = typeof LATE

/** The promise's value if it settles before `window` closes; `LATE` otherwise. */
export function within<T>(promise: Promise<T>, window: Promise<void>): Promise<T | Late> {
  return Promise.race([promise, window.then((): Late => LATE)])
}

/**
 * Resolves `ms` after `opened` settles: a window that starts when the required answer is in (a
 * failure is an answer too). Never rejects.
 */
export function graceWindow(opened: Promise<unknown>, ms: number): Promise<void> {
  const wait = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
  return opened.then(wait, wait)
}
