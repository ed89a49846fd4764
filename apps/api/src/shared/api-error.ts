import type { ErrorBody, Issue } from '@aerie/contracts';

/** An error answered as `{error, message, issues?}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }

  static invalid(code: string, issues: Issue[]): ApiError {
    const first = issues[0];
    const summary = first ? `${first.field}: ${first.message}` : 'invalid request';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return new ApiError(400, code, summary + more, issues);
  }
}
