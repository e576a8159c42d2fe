import { homedir } from 'node:os'
import { parseArgs } from './args'
import { runCommand } from './commands'
import { dataDirectory } from './data-dir'
import { resolveEndpoint } from './endpoint-locator'
import { CliError, exitCodes } from './exit-codes'
import { helpText } from './help'
import { showStatus } from './status-command'

// Replaced by scripts/build-cli.mjs with the version from package.json.
declare const __FEDIVAULT_VERSION__: string

async function main(args: string[]): Promise<number> {
  const command = parseArgs(args)
  if (command.kind === 'help') {
    process.stdout.write(helpText(command.topic))
    return exitCodes.ok
  }
  if (command.kind === 'version') {
    process.stdout.write(
      `${typeof __FEDIVAULT_VERSION__ === 'string' ? __FEDIVAULT_VERSION__ : 'dev'}\n`
    )
    return exitCodes.ok
  }
  const dir = dataDirectory({ env: process.env, platform: process.platform, home: homedir() })
  // status reports "not running" and "script access off" as its answer, not as a failure.
  if (command.kind === 'status') {
    return showStatus(
      command,
      () => resolveEndpoint(dir, process.env),
      (text) => {
        process.stdout.write(text)
      }
    )
  }
  const endpoint = resolveEndpoint(dir, process.env)
  return runCommand(command, endpoint, {
    stdout: process.stdout,
    stderr: (text) => process.stderr.write(text),
    env: process.env
  })
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`fedivault: ${error.message}\n`)
      process.exitCode = error.exitCode
    } else {
      process.stderr.write(`fedivault: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = exitCodes.failure
    }
  }
)
