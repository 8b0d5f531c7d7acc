/** The error kinds a person or a client can be told about, with the HTTP status each maps to. */
export const errorStatus = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  /** The programme exists, but the caller takes no part in it: she has no standing to be told. */
  not_enrolled: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  too_many_requests: 429,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A failure meant for the user: its message is safe and plain; `fields` name what to fix. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Readonly<Record<string, string>> | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { fields?: Record<string, string>; retryAfter?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }

  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }
}

export function tooManyRequests(retryAfter: number): AppError {
  const minutes = Math.ceil(retryAfter / 60);
  return new AppError('too_many_requests', `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`, {
    retryAfter,
  });
}
