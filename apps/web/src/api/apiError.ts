/** An error answered by the server (`{error:{code,message,detail}}`) or a failed connection. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: string,
    /** What a program can use beyond the words (a refused command's interlock violations…). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
