/**
 * The one error type of the platform. `code` is stable and names the domain; `message` is
 * Chinese and shown to the user; `details` carries field-level information.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  CREDIT_CODE_INVALID: 400,
  AMOUNT_INVALID: 400,
  DATE_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CASE_NOT_FOUND: 404,
  UNIT_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  ATTACHMENT_ALREADY_LINKED: 409,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  VERSION_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CASE_NOT_IN_STATE: 409,
  ACTION_NOT_FOR_LINE: 409,
  RULE_VIOLATION: 422,
  DIFFICULTY_NOT_APPLICABLE: 422,
  PLAN_AMOUNT_MISMATCH: 422,
  PLAN_DATES_INVALID: 422,
  PAYMENT_EXCEEDS_OUTSTANDING: 422,
  PAYMENT_DATE_IN_FUTURE: 422,
  FEEDBACK_REQUIRED: 422,
  NO_HIGHER_GOVERNMENT: 422,
  YEAR_EXCEPTION_NOT_APPLICABLE: 422,
  EXTENSION_NOT_APPLICABLE: 422,
  RATE_LIMITED: 429,
  DATA_FOLDER_LOCKED: 423,
  MIGRATIONS_DIVERGED: 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
