import { silentLogger, type Logger } from '../logging/logger'
import http, { STATUS_CODES, type Server } from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import type { AuditEntry, ScriptAccessState } from '@shared/domain/settings'
import { removeDiscoveryFile, writeDiscoveryFile } from './endpoint-file'
import { endpointError, slowRequest } from './errors'
import { allowedHosts } from './guards'
import { defaultEndpointLimits, type EndpointLimits } from './limits'
import {
  systemClock,
  type AccountImporter,
  type AuditLogStore,
  type Clock,
  type EndpointSettingsStore,
  type ScriptAccountSource
} from './ports'
import { FailedAuthLimiter } from './rate-limiter'
import { createRequestHandler, type RequestContext } from './request-handler'
import { rawErrorResponse } from './responses'
import { createSecret, secretMatcher } from './secret'
import type { ScriptKeyRegistry } from '../script-keys'

export interface ScriptAccessDeps {
  accounts: ScriptAccountSource
  settings: EndpointSettingsStore
  audit: AuditLogStore
  /** Electron's userData directory; `endpoint.json` goes here. */
  dataDir: string
  /** App version, published in `endpoint.json`. */
  version: string
  clock?: Clock
  logger?: Logger
  limits?: Partial<EndpointLimits>
  pid?: number
  /** Script keys accepted besides the owner's secret (never written to endpoint.json). */
  keys?: ScriptKeyRegistry
  /** Handles `POST /v1/import` (`fedivault import`); without it the route answers 404. */
  importer?: AccountImporter
}

interface Running {
  server: Server
  port: number
  url: string
  secret: string
  agents: { http: http.Agent; https: https.Agent }
  removeFileOnExit: () => void
}

/**
 * Script access: a loopback HTTP endpoint that hands tokens to local scripts that hold the
 * per-run secret (the aws-vault ECS-server model), plus a proxy so they need not hold a token.
 * Off by default. Fails closed: if the port or the discovery file cannot be had, nothing listens.
 */
export class ScriptAccessService {
  private running: Running | null = null
  private lastError: string | undefined
  /** start/stop/shutdown run one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve()
  private readonly limits: EndpointLimits
  private readonly clock: Clock
  private readonly logger: Logger

  constructor(private readonly deps: ScriptAccessDeps) {
    this.limits = { ...defaultEndpointLimits, ...deps.limits }
    this.clock = deps.clock ?? systemClock
    this.logger = deps.logger ?? silentLogger
  }

  /** At launch: listens again if script access was left on. */
  restore(): Promise<ScriptAccessState> {
    const settings = this.deps.settings.read()
    if (!settings.enabled) return Promise.resolve(this.status())
    return this.serially(() => this.launch(settings.port))
  }

  /**
   * Switches script access on and remembers it. `port` null means ephemeral; undefined keeps the
   * remembered choice. A running endpoint on the same port is left alone (its secret stays valid).
   */
  start(options: { port?: number | null } = {}): Promise<ScriptAccessState> {
    const remembered = this.deps.settings.read().port
    const port = options.port === undefined ? remembered : options.port
    this.deps.settings.write({ enabled: true, port })
    return this.serially(async () => {
      if (this.running && (port === null || port === this.running.port)) return
      await this.halt()
      await this.launch(port)
    })
  }

  /** Switches script access off and remembers it. */
  stop(): Promise<ScriptAccessState> {
    this.deps.settings.write({ ...this.deps.settings.read(), enabled: false })
    return this.serially(async () => {
      this.lastError = undefined
      await this.halt()
    })
  }

  /** App quit: closes the endpoint but keeps the setting for the next launch. */
  async shutdown(): Promise<void> {
    await this.serially(() => this.halt())
  }

  status(): ScriptAccessState {
    const enabled = this.deps.settings.read().enabled
    if (this.running) {
      return { enabled, running: true, url: this.running.url, port: this.running.port }
    }
    return { enabled, running: false, ...(this.lastError ? { error: this.lastError } : {}) }
  }

  /** For the Settings "copy secret" button only; never sent to the renderer otherwise. */
  secret(): string | null {
    return this.running?.secret ?? null
  }

  auditLog(): AuditEntry[] {
    return this.deps.audit.entries()
  }

  private serially(work: () => Promise<void>): Promise<ScriptAccessState> {
    const next = this.queue.then(work)
    this.queue = next.catch(() => undefined)
    return next.then(() => this.status())
  }

  private async launch(port: number | null): Promise<void> {
    this.lastError = undefined
    const limits = this.limits
    const secret = createSecret()
    const agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
      https: new https.Agent({ keepAlive: true, maxSockets: 16 })
    }
    const context: RequestContext = {
      hosts: new Set(),
      auth: {
        matchesSecret: secretMatcher(secret),
        limiter: new FailedAuthLimiter(this.clock, limits.failedAuth),
        logger: this.logger,
        lockoutMs: limits.failedAuth.lockoutMs,
        keys: this.deps.keys
      },
      accounts: this.deps.accounts,
      audit: this.deps.audit,
      clock: this.clock,
      logger: this.logger,
      limits,
      agents,
      importer: this.deps.importer
    }
    const server = http.createServer(
      {
        maxHeaderSize: limits.maxHeaderBytes,
        headersTimeout: limits.headersTimeoutMs,
        // Off: the body has its own clock (body-deadline.ts) that does not count the time an
        // upload waits for the instance; Node's would cut a large upload to a slow server.
        requestTimeout: 0,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // Node checks the two timeouts above only this often (30 s by default).
        connectionsCheckingInterval: Math.max(25, Math.min(1000, limits.headersTimeoutMs / 4))
      },
      createRequestHandler(context)
    )
    server.maxConnections = limits.maxConnections
    server.on('clientError', (error, socket) => answerClientError(error, socket, limits))

    try {
      await listen(server, port ?? 0)
    } catch (error) {
      agents.http.destroy()
      agents.https.destroy()
      this.lastError = bindFailure(error, port)
      this.logger.warn('could not listen', { port, code: errorCode(error) })
      return
    }
    const actualPort = (server.address() as { port: number }).port
    context.hosts = allowedHosts(actualPort)
    const url = `http://127.0.0.1:${actualPort}`
    try {
      writeDiscoveryFile(this.deps.dataDir, {
        url,
        secret,
        pid: this.deps.pid ?? process.pid,
        version: this.deps.version
      })
    } catch (error) {
      await closeServer(server)
      agents.http.destroy()
      agents.https.destroy()
      this.lastError = `Could not write endpoint.json in ${this.deps.dataDir} (${errorCode(error)}).`
      this.logger.warn('could not write the discovery file', {
        code: errorCode(error)
      })
      return
    }
    // Quitting normally goes through shutdown(); this covers process.exit() paths that skip it.
    const removeFileOnExit = () => removeDiscoveryFile(this.deps.dataDir, secret)
    process.once('exit', removeFileOnExit)
    this.running = { server, port: actualPort, url, secret, agents, removeFileOnExit }
    this.logger.info('listening', { port: actualPort })
  }

  private async halt(): Promise<void> {
    const running = this.running
    if (!running) return
    this.running = null
    // File first, so no script picks up a server that is about to go away.
    process.off('exit', running.removeFileOnExit)
    removeDiscoveryFile(this.deps.dataDir, running.secret)
    await closeServer(running.server)
    running.agents.http.destroy()
    running.agents.https.destroy()
    this.logger.info('stopped', { port: running.port })
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    // 127.0.0.1 explicitly: `localhost` may resolve to ::1 or, misconfigured, to a LAN address.
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Malformed, oversized or too-slow requests get the same JSON error shape as everything else. */
function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Duplex,
  limits: EndpointLimits
): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? endpointError('headers_too_large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? slowRequest(limits)
        : endpointError('bad_request')
  socket.end(rawErrorResponse(refusal, STATUS_CODES[refusal.status] ?? 'Error'))
}

function bindFailure(error: unknown, port: number | null): string {
  const code = errorCode(error)
  if (code === 'EADDRINUSE') {
    return `Port ${port} is already in use by another program. Choose another port, or leave it empty for a free one.`
  }
  if (code === 'EACCES')
    return `Fedivault may not listen on port ${port}. Choose a port above 1024.`
  return `Script access could not start (${code}).`
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? 'unknown'
}
