/**
 * The one error type of the platform. `code` is stable and names the domain; `message` is
 * Chinese and shown to the user; `details` carries field-level information.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  CREDIT_CODE_INVALID: 400,
  AMOUNT_INVALID: 400,
  DATE_INVALID: 400,
  /** Art. 17 (保障中小企业款项支付条例): a one-year LPR outside 1–10,000 basis points, or dated too far ahead. */
  LPR_INVALID: 400,
  TEXT_INVALID: 400,
  MULTIPART_INVALID: 400,
  REQUEST_TIMEOUT: 408,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CASE_NOT_FOUND: 404,
  /** S3: a 受理回执 exists only once 营商办 has accepted the case. */
  CASE_NOT_ACCEPTED: 409,
  UNIT_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  ATTACHMENT_ALREADY_LINKED: 409,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  VERSION_CONFLICT: 409,
  /** A unique rule of the database refused a write its use case had checked: another request won the race. */
  DUPLICATE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  CASE_NOT_IN_STATE: 409,
  ACTION_NOT_FOR_LINE: 409,
  INTAKE_PENDING: 409,
  INTAKE_NOT_PENDING: 409,
  MERGE_TARGET_INVALID: 422,
  RULE_VIOLATION: 422,
  DIFFICULTY_NOT_APPLICABLE: 422,
  /** 保障中小企业款项支付条例: contract facts that contradict each other or the day. */
  CONTRACT_FACTS_INVALID: 422,
  /** 保障中小企业款项支付条例 Arts. 12, 14: a reason for not paying that the regulation bans, offered as a payment difficulty. */
  DELAY_REASON_BANNED: 422,
  /** Art. 17: no late interest to waive (no statutory due date yet), or it was waived already. */
  INTEREST_NOT_APPLICABLE: 422,
  PLAN_AMOUNT_MISMATCH: 422,
  PLAN_DATES_INVALID: 422,
  PAYMENT_EXCEEDS_OUTSTANDING: 422,
  PAYMENT_DATE_IN_FUTURE: 422,
  FEEDBACK_REQUIRED: 422,
  NO_HIGHER_GOVERNMENT: 422,
  YEAR_EXCEPTION_NOT_APPLICABLE: 422,
  EXTENSION_NOT_APPLICABLE: 422,
  /** 12345 practice: only a closed case its enterprise rated 不满意, and not yet asked again since, may be reopened. */
  REOPEN_NOT_APPLICABLE: 422,
  /** 12345 practice: the request to reopen comes more than REOPEN_REQUEST_DAYS after the rating. */
  REOPEN_PERIOD_ENDED: 422,
  /** 保障中小企业款项支付条例 第二十五条: a complaint clock asked of a case that is no complaint, not yet handed over, or already answered. */
  COMPLAINT_CLOCK_NOT_APPLICABLE: 422,
  /** Art. 25: the written result may be extended to at most 90 days after the hand-over. */
  COMPLAINT_EXTENSION_TOO_LONG: 422,
  /** 保障中小企业款项支付条例 Art. 18: no row of the unit for that year (not generated, or not a 机关/事业单位). */
  DISCLOSURE_NOT_FOUND: 404,
  /** Art. 18: the figures describe the year's end; a year still running is neither generated nor published. */
  DISCLOSURE_YEAR_NOT_ENDED: 409,
  /** Art. 18: a unit publishes its year once; what it published stays as published. */
  DISCLOSURE_ALREADY_PUBLISHED: 409,
  /** Art. 18: the draft was generated again after the publisher read it; the figures to publish may differ. */
  DISCLOSURE_CHANGED: 409,
  DISPATCH_ROUND_NOT_FOUND: 404,
  DISPATCH_ITEM_NOT_FOUND: 404,
  DISPATCH_ROUND_CLOSED: 409,
  DISPATCH_ALREADY_SUBMITTED: 409,
  DISPATCH_ITEMS_UNREPORTED: 422,
  CREDIT_RECORD_NOT_FOUND: 404,
  CREDIT_EXPORT_BATCH_NOT_FOUND: 404,
  CREDIT_NOT_IN_STATUS: 409,
  CREDIT_RECORD_DUPLICATE: 409,
  CREDIT_PROPOSAL_DUPLICATE: 409,
  CREDIT_EXPORT_NOTHING_NEW: 409,
  CREDIT_UNIT_NOT_ELIGIBLE: 422,
  CREDIT_CASE_NOT_ELIGIBLE: 422,
  CREDIT_REPAIR_NOT_ELIGIBLE: 422,
  /** 发改财金〔2023〕1103号: a refusal for the lapse is recorded only from the day after the order's deadline. */
  CREDIT_DEADLINE_NOT_PASSED: 409,
  /** 发改财金〔2023〕1103号: a rectification after the deadline is no rectification in time. */
  CREDIT_RECTIFICATION_LATE: 422,
  POLICY_NOT_FOUND: 404,
  POLICY_NOT_IN_FORCE: 409,
  POLICY_DOCUMENT_DUPLICATE: 409,
  ENTERPRISE_NOT_FOUND: 404,
  CLAUSE_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  APPLICATION_DUPLICATE: 409,
  PROFILE_REQUIRED: 409,
  NO_APPLICATION_NEEDED: 409,
  NOT_ELIGIBLE: 422,
  IMPORT_INVALID: 422,
  PROJECT_NOT_FOUND: 404,
  PROMISE_NOT_FOUND: 404,
  PROJECT_DUPLICATE: 409,
  PROMISE_DUPLICATE: 409,
  PROMISE_ALREADY_KEPT: 409,
  PROMISE_CASE_EXISTS: 409,
  FULFILMENT_EXCEEDS_PROMISE: 422,
  ACCOUNT_NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  ACCOUNT_UNIT_MISMATCH: 422,
  REGISTRATION_NOT_FOUND: 404,
  REGISTRATION_NOT_PENDING: 409,
  REGISTRATION_PENDING: 409,
  ENTERPRISE_ACCOUNT_EXISTS: 409,
  TENANT_ALREADY_SET_UP: 409,
  SETUP_TOKEN_INVALID: 403,
  // Issue 11 (个人信息保护法): a reveal of a phone number that was never recorded.
  PERSONAL_DATA_NOT_RECORDED: 404,
  // Issue 11 (个人信息保护法, 等保 传输保密性): outside demo mode a webhook goes to https:// only.
  WEBHOOK_HTTPS_REQUIRED: 422,
  // Identity (issue 11): sign-in, passwords, second factor, sessions.
  ACCOUNT_LOCKED: 423,
  SECOND_FACTOR_REQUIRED: 401,
  SECOND_FACTOR_INVALID: 401,
  SECOND_FACTOR_ALREADY_ENROLLED: 409,
  PASSWORD_TOO_WEAK: 400,
  PASSWORD_REUSED: 400,
  PASSWORD_CHANGE_REQUIRED: 403,
  SECOND_FACTOR_ENROLLMENT_REQUIRED: 403,
  NETWORK_NOT_ALLOWED: 403,
  SESSION_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UPLOAD_QUOTA_EXCEEDED: 429,
  DATA_FOLDER_LOCKED: 423,
  // Backup and restore (issue 14): the CLI's `chengxin backup` and `chengxin restore`.
  BACKUP_FILE_INVALID: 422,
  BACKUP_OUTPUT_EXISTS: 409,
  BACKUP_SOURCE_MISSING: 404,
  BACKUP_TARGET_NOT_EMPTY: 409,
  BACKUP_KEY_MISMATCH: 409,
  KEY_FILE_MISSING: 404,
  PG_TOOL_UNAVAILABLE: 500,
  PG_TOOL_FAILED: 500,
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
