/** What a command writes to and reads from: the process's streams and environment, or a test's. */
export interface CommandIO {
  stdout: NodeJS.WritableStream
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
}
