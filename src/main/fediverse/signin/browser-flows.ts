import { FediverseError } from '../errors'
import type { BrowserAuthorization, BrowserSignIn, SignInContext, VerifiedSignIn } from './types'

interface Flow {
  id: string
  authorization: BrowserAuthorization
  /** Set once a code arrived (from the listener or pasted): a flow finishes only once. */
  finishing: boolean
  /** Set by cancel: the flow keeps its (rejected) result but is no longer open. */
  cancelled: boolean
  result: Promise<VerifiedSignIn>
  settle: { resolve: (v: VerifiedSignIn) => void; reject: (e: unknown) => void }
}

const KEEP_SETTLED_FLOW_MS = 60_000

/**
 * Browser sign-ins in progress, whatever method runs them: each finishes once, with the code from
 * the loopback listener or the one the person pasted, and can be cancelled. A settled flow is kept
 * for a minute so a late wait still gets its result.
 */
export class BrowserFlows {
  private readonly flows = new Map<string, Flow>()

  constructor(
    private readonly ctx: SignInContext,
    private readonly timeoutMs: number
  ) {}

  track(flowId: string, authorization: BrowserAuthorization): BrowserSignIn {
    let settle!: Flow['settle']
    const result = new Promise<VerifiedSignIn>((resolve, reject) => {
      settle = { resolve, reject }
    })
    result.catch(() => {})
    const flow: Flow = {
      id: flowId,
      authorization,
      finishing: false,
      cancelled: false,
      result,
      settle
    }
    this.flows.set(flowId, flow)
    result.then(
      () => this.forgetLater(flowId),
      () => this.forgetLater(flowId)
    )
    authorization.callback.then(
      (code) => {
        if (!flow.finishing) this.finish(flow, code, 'loopback')
      },
      (err: unknown) => {
        if (!flow.finishing) settle.reject(err)
      }
    )
    this.ctx.progress(flowId, 'waiting_for_browser')
    return {
      flowId,
      authorizationUrl: authorization.authorizationUrl,
      manualAuthorizationUrl: authorization.manualAuthorizationUrl,
      expiresAt: this.ctx.clock.now() + this.timeoutMs,
      method: authorization.method ?? 'oauth',
      pasteCode: authorization.pasteCode ?? true,
      ...(authorization.permissions ? { permissions: authorization.permissions } : {})
    }
  }

  /** Where the browser goes for a flow still open; undefined once cancelled or forgotten. */
  authorizationUrl(flowId: string): string | undefined {
    const flow = this.flows.get(flowId)
    return flow && !flow.cancelled ? flow.authorization.authorizationUrl : undefined
  }

  /** Resolves when the browser came back and the account is verified. */
  wait(flowId: string): Promise<VerifiedSignIn> {
    return this.flow(flowId).result
  }

  /** The out-of-band fallback: the code the server showed, pasted by the person. */
  completeWithCode(flowId: string, code: string): Promise<VerifiedSignIn> {
    const flow = this.flow(flowId)
    if (!flow.finishing) {
      this.finish(flow, code, 'pasted')
      flow.authorization.close()
    }
    return flow.result
  }

  /** Stops a flow; says whether it was still open. */
  cancel(flowId: string): boolean {
    const flow = this.flows.get(flowId)
    if (!flow) return false
    const wasOpen = !flow.cancelled
    flow.cancelled = true
    flow.authorization.close()
    if (!flow.finishing) {
      flow.settle.reject(
        new FediverseError({
          code: 'cancelled',
          step: 'waiting_for_browser',
          message: 'The sign-in was cancelled.'
        })
      )
    }
    return wasOpen
  }

  cancelAll(): void {
    for (const flowId of [...this.flows.keys()]) this.cancel(flowId)
  }

  /** The caller is done with the flow (its result was saved or shown): it is no longer open. */
  forget(flowId: string): void {
    this.flows.delete(flowId)
  }

  private flow(flowId: string): Flow {
    const flow = this.flows.get(flowId)
    if (!flow) {
      throw new FediverseError({
        code: 'cancelled',
        step: 'waiting_for_browser',
        message: 'This sign-in is no longer in progress. Start again.'
      })
    }
    return flow
  }

  private finish(flow: Flow, code: string, via: 'loopback' | 'pasted'): void {
    flow.finishing = true
    flow.authorization.finish(code, via).then(flow.settle.resolve, flow.settle.reject)
  }

  private forgetLater(flowId: string): void {
    const flow = this.flows.get(flowId)
    setTimeout(() => {
      if (this.flows.get(flowId) === flow) this.flows.delete(flowId)
    }, KEEP_SETTLED_FLOW_MS).unref()
  }
}
