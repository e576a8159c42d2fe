export type LogLevel = 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

/** What every main-process module logs through. Fields carry ids and codes, never secrets. */
export interface Logger {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** Where log lines end up: the console in the app and the harness, nowhere in most tests. */
export type LogSink = (level: LogLevel, scope: string, message: string, fields?: LogFields) => void

export const consoleSink: LogSink = (level, scope, message, fields) => {
  const line = `[${level}] ${scope}: ${message}`
  if (level === 'info') console.log(line, fields ?? '')
  else if (level === 'warn') console.warn(line, fields ?? '')
  else console.error(line, fields ?? '')
}

export const silentSink: LogSink = () => {}

/**
 * A logger for one part of the app (`createLogger('vault', sink)`): its lines carry the scope, so
 * no message spells out where it comes from.
 */
export function createLogger(scope: string, sink: LogSink = consoleSink): Logger {
  return {
    info: (message, fields) => sink('info', scope, message, fields),
    warn: (message, fields) => sink('warn', scope, message, fields),
    error: (message, fields) => sink('error', scope, message, fields)
  }
}

export const silentLogger: Logger = createLogger('', silentSink)
