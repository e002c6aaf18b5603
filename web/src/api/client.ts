import { CATALOGUES, type Messages } from '../i18n/messages.ts';

/** The API as the UI sees it: JSON over fetch with the session cookie; errors as `ApiError`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Field-level messages for a form: `{ 'enterprise.creditCode': '…' }`. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    const issues = this.details.issues;
    if (Array.isArray(issues)) {
      for (const issue of issues as { field?: string; message?: string }[]) {
        if (issue.field && issue.message && !(issue.field in result)) result[issue.field] = issue.message;
      }
    } else if (typeof this.details.field === 'string') {
      result[this.details.field] = this.message;
    }
    return result;
  }
}

/**
 * The catalogue for the errors the client makes up itself (no connection, an error without a
 * body). Errors the server sends keep the server's message. The I18nProvider sets it whenever
 * the language changes; until then it is the Chinese one.
 */
let messages: Messages['api'] = CATALOGUES['zh-CN'].api;

export const setMessages = (m: Messages): void => {
  messages = m.api;
};

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when a request finds the session gone, so the shell can send the user to sign in. */
export const onSessionExpired = (listener: Listener): (() => void) => {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
};

/**
 * Sent with every request of the UI: the server refuses a state change made with the session
 * cookie that carries neither the browser's Sec-Fetch-Site/Origin nor this header (src/http/csrf.ts),
 * which another site's form cannot set.
 */
export const CSRF_HEADERS = { 'x-requested-with': 'chengxin' } as const;

const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...CSRF_HEADERS, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', messages.network);
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error;
    const apiError = new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? messages.httpFailed(response.status), error?.details ?? {});
    if (apiError.code === 'UNAUTHENTICATED' && path !== '/api/session') expiredListeners.forEach((listener) => listener());
    throw apiError;
  }
  return data as T;
};

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PUT', path, body, headers),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A fresh key per user intent, so a double click or a retry does not write twice. */
export const idempotencyKey = (): string => crypto.randomUUID();

export const query = (params: Record<string, string | number | boolean | undefined | null>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
