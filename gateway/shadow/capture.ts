/**
 * Copies of what passes through a shadowed request, taken without changing how it flows.
 *
 * The request body is copied at `push()`, where Node's HTTP parser hands each body chunk to the
 * IncomingMessage: no `data` listener is added, so the stream stays paused until Express reads it,
 * and Express's own parsers and limits see exactly what they would see alone. The response body is
 * copied at `write()`/`end()`. Both copies stop (and say so) past `limit` bytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Tee {
  chunks: Buffer[];
  bytes: number;
  overflow: boolean;
}

function add(tee: Tee, chunk: unknown, encoding: unknown, limit: number): void {
  if (tee.overflow || chunk === null || chunk === undefined || typeof chunk === 'function') return;
  const buffer = Buffer.isBuffer(chunk)
    ? chunk
    : chunk instanceof Uint8Array
      ? Buffer.from(chunk)
      : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  tee.bytes += buffer.length;
  if (tee.bytes > limit) {
    tee.overflow = true;
    tee.chunks = [];
    return;
  }
  tee.chunks.push(buffer);
}

export function body(tee: Tee): Buffer {
  return tee.chunks.length === 1 ? tee.chunks[0] : Buffer.concat(tee.chunks);
}

/** Copies the request body as the HTTP parser pushes it. Returns null if some of it was already buffered. */
export function teeRequestBody(req: IncomingMessage, limit: number): Tee | null {
  if (req.readableLength > 0 || req.readableFlowing) return null;
  const tee: Tee = { chunks: [], bytes: 0, overflow: false };
  const push = req.push;
  req.push = function pushAndCopy(this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding): boolean {
    add(tee, chunk, encoding, limit);
    return push.call(this, chunk, encoding);
  };
  return tee;
}

/** Copies the response body as the app writes it. */
export function teeResponseBody(res: ServerResponse, limit: number): Tee {
  const tee: Tee = { chunks: [], bytes: 0, overflow: false };
  const write = res.write;
  const end = res.end;
  res.write = function writeAndCopy(this: ServerResponse, ...args: unknown[]): boolean {
    add(tee, args[0], args[1], limit);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse['write'];
  res.end = function endAndCopy(this: ServerResponse, ...args: unknown[]): ServerResponse {
    add(tee, args[0], args[1], limit);
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
  return tee;
}
