import type { CommandIO } from './command-io'
import { exitCodes } from './exit-codes'

/**
 * Runs the command with stdio inherited and resolves with its exit status (128 + n for a
 * signal; 126/127 when it could not be started, as POSIX shells do). child_process is loaded
 * here, not up front, to keep it off the start-up path of the other commands.
 */
export async function spawnChild(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Pick<CommandIO, 'stderr'>
): Promise<number> {
  const { spawn } = await import('node:child_process')
  const { constants } = await import('node:os')
  const [file, ...args] = argv as [string, ...string[]]
  const child = spawn(file, args, { stdio: 'inherit', env })
  // The terminal already sends Ctrl-C to the whole group; a kill aimed at us must reach it too.
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT']
  for (const signal of signals) process.on(signal, forward)
  const stopForwarding = () => {
    for (const signal of signals) process.off(signal, forward)
  }
  return new Promise((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      stopForwarding()
      const missing = error.code === 'ENOENT'
      io.stderr(`fedivault: cannot run ${file}: ${missing ? 'command not found' : error.code}\n`)
      resolve(missing ? exitCodes.commandNotFound : exitCodes.commandNotExecutable)
    })
    child.on('exit', (code, signal) => {
      stopForwarding()
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}
