// One taxonomy for every failure of a Kubernetes API call, so the controller decides retries from
// a kind (docs/architecture.md, Errors) and never from status codes or message text.

/** What went wrong, as far as the caller needs to know to decide what to do next. */
export type KubeErrorKind =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  /** 410 Gone / Expired: a watch or continue token is too old; relist. */
  | 'Gone'
  /** Timeouts, connection failures, 5xx and 429: retry with back-off. */
  | 'Transient'
  /** Anything that is not an API failure (a bug, usually): not retried blindly. */
  | 'Unknown';

/** One field the apiserver rejected (`details.causes` of a 422 Status). */
export interface KubeErrorCause {
  field: string;
  message: string;
  reason?: string;
}

/** The apiserver's `Status` object, as much of it as we read. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { field?: string; message?: string; reason?: string }[] };
}

/** A classified API failure. `code` is the HTTP status, 0 when no response arrived. */
export class KubeError extends Error {
  override readonly name = 'KubeError';

  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    readonly code: number = 0,
    readonly causes: readonly KubeErrorCause[] = [],
    readonly reason?: string,
  ) {
    super(message);
  }

  /** Builds the error from an HTTP status and the response body (a Status when the apiserver sent one). */
  static fromResponse(code: number, body: unknown, what = 'request'): KubeError {
    const status = isStatus(body) ? body : undefined;
    const reason = status?.reason;
    const causes = (status?.details?.causes ?? []).map((c) => ({
      field: c.field ?? '', message: c.message ?? '', ...(c.reason ? { reason: c.reason } : {}),
    }));
    const message = status?.message ?? (typeof body === 'string' && body ? body.slice(0, 500) : `${what}: HTTP ${code}`);
    return new KubeError(kindOf(code, reason), message, code, causes, reason);
  }
}

function isStatus(body: unknown): body is KubeStatus {
  return typeof body === 'object' && body !== null && (body as KubeStatus).kind === 'Status';
}

/** Maps an HTTP status and the Status reason to a kind; the reason wins where it is more precise. */
export function kindOf(code: number, reason?: string): KubeErrorKind {
  if (reason === 'AlreadyExists') return 'AlreadyExists';
  if (reason === 'Expired' || reason === 'Gone' || code === 410) return 'Gone';
  if (code === 404) return 'NotFound';
  if (code === 409) return 'Conflict';
  if (code === 422 || code === 400) return 'Invalid';
  if (code === 401 || code === 403) return 'Forbidden';
  if (code === 429 || code === 408 || code >= 500) return 'Transient';
  if (code === 0) return 'Transient';
  return 'Unknown';
}

const transientErrnos = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND',
  'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Turns any thrown value into a KubeError: our own errors pass through; client-node's
 * ApiException (`code` + JSON `body`), watch errors (`statusCode`) and socket errors are mapped;
 * anything else is `Unknown`.
 */
export function classify(err: unknown): KubeError {
  if (err instanceof KubeError) return err;
  if (typeof err !== 'object' || err === null) return new KubeError('Unknown', String(err));
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown; message?: unknown; name?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const httpCode = typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (httpCode !== undefined) {
    let body = e.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // not JSON: keep the text as the message
      }
    }
    return KubeError.fromResponse(httpCode, body ?? message);
  }
  if ((typeof e.code === 'string' && transientErrnos.has(e.code)) || e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new KubeError('Transient', message);
  }
  return new KubeError('Unknown', message);
}

/** True when the error means the object is not there (useful on delete and on get-or-create). */
export function isNotFound(err: unknown): boolean {
  return classify(err).kind === 'NotFound';
}

export function isConflict(err: unknown): boolean {
  return classify(err).kind === 'Conflict';
}

export function isAlreadyExists(err: unknown): boolean {
  return classify(err).kind === 'AlreadyExists';
}
