import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'

/**
 * The time a script gets to deliver its request body once the headers are in. Node's own
 * `requestTimeout` is not used for this: it counts from the first byte to the last, so a media
 * upload that the proxy holds back while a slow instance takes it would be cut as if the script
 * were the slow one. This clock stops while the endpoint is the side that is not reading.
 */
export interface BodyDeadline {
  /** Aborted when the body did not arrive in time; whoever is using the body stops on it. */
  readonly signal: AbortSignal
  /** The endpoint stopped reading (the instance is not taking the upload yet): clock stops. */
  hold(): void
  /** Reading again: the clock runs on with the time that was left. */
  release(): void
}

const neverAborted = new AbortController().signal

/** For requests without a body: nothing to wait for, nothing allocated on the hot path. */
export const noBodyDeadline: BodyDeadline = { signal: neverAborted, hold() {}, release() {} }

/** True when the request announces a body (a length above zero, or chunked). */
export function announcesBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length']
  if (length !== undefined) return length !== '0'
  return headers['transfer-encoding'] !== undefined
}

/**
 * Starts the clock on `req`'s body. When `budgetMs` runs out before the body has ended, the
 * signal is aborted first (so the route can stop and record its answer), then `onExpire` runs.
 */
export function watchBody(
  req: IncomingMessage,
  budgetMs: number,
  onExpire: () => void
): BodyDeadline {
  const controller = new AbortController()
  let left = budgetMs
  let runningSince = 0
  let timer: NodeJS.Timeout | undefined
  let over = false

  const run = () => {
    if (over || timer) return
    runningSince = performance.now()
    timer = setTimeout(expire, Math.max(0, left))
  }
  const stop = () => {
    if (!timer) return
    clearTimeout(timer)
    timer = undefined
    left -= performance.now() - runningSince
  }
  const finish = () => {
    stop()
    over = true
    req.off('end', finish)
    req.off('close', finish)
  }
  function expire() {
    timer = undefined
    finish()
    controller.abort(new Error('request body too slow'))
    onExpire()
  }

  // 'end': the whole body arrived (read by the route, or discarded by Node after the answer).
  // 'close': the request is over some other way (the script hung up).
  req.on('end', finish)
  req.on('close', finish)
  run()
  return { signal: controller.signal, hold: stop, release: run }
}
