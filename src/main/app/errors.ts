/** An error the renderer may show as is: a stable code and a message that says what to do next. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly step?: string
  ) {
    super(message)
    this.name = 'AppError'
  }
}
