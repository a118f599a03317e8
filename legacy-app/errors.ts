/**
 * Errors the app answers with, and the one function that turns any error into the JSON the API
 * returns: `{ "error": { "code", "message", "details"? } }`. The Express error middleware uses it,
 * and so does the migrated Fastify error handler, so both sides answer alike.
 */
import { STATUS_CODES } from 'node:http';

export interface FieldError {
  field: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: FieldError[],
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new HttpError(403, 'FORBIDDEN', message);
export const conflict = (message: string) => new HttpError(409, 'CONFLICT', message);
export const validationFailed = (details: FieldError[]) =>
  new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', details);
export const unauthorized = (message = 'Authentication required') =>
  new HttpError(401, 'UNAUTHORIZED', message, undefined, { 'WWW-Authenticate': 'Bearer realm="legacy-api"' });

export interface ErrorBody {
  error: { code: string; message: string; details?: FieldError[] };
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return { status: err.status, headers: err.headers ?? {}, body };
  }
  const e = (err ?? {}) as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
  if (e.type === 'entity.parse.failed') {
    return { status: 400, headers: {}, body: { error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON' } } };
  }
  if (e.type === 'entity.too.large') {
    return { status: 413, headers: {}, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 100kb' } } };
  }
  const status = e.status ?? e.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, headers: {}, body: { error: { code: 'BAD_REQUEST', message: STATUS_CODES[status] ?? 'Bad Request' } } };
  }
  return { status: 500, headers: {}, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}
