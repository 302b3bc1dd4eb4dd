/**
 * Every failure of an API call, as one type: the server's envelope `{ error: { code, message, details } }`
 * when there is one, else a code made up here (`network_error`, `http_<status>`), so screens have one
 * thing to show and one thing to test.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A refusal the same request will meet again (4xx other than 408/429): not worth retrying. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }

  /** The field the server pointed at, when it named one (validation errors carry it in details). */
  get field(): string | null {
    const field = this.details.field ?? this.details.path;
    return typeof field === 'string' ? field : null;
  }
}

interface Envelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function isEnvelope(body: unknown): body is Envelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Builds the error for a response that was not 2xx from whatever body came with it. */
export function errorFromResponse(response: Response, body: unknown): ApiError {
  const requestId = response.headers.get('x-request-id');
  if (isEnvelope(body)) {
    return new ApiError(
      response.status,
      body.error.code,
      body.error.message,
      body.error.details ?? {},
      requestId,
    );
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    response.statusText || `HTTP ${response.status}`,
    {},
    requestId,
  );
}

export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, 'network_error', detail, {});
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
