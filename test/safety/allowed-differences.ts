/**
 * Every intended difference between the legacy app and the gateway (every route flipped to
 * Fastify) that the bad-input test may see, with its reason. Nothing else may differ in status
 * class, and no rule here may excuse a 5xx where legacy answered 4xx (the test refuses that anyway).
 *
 * Keep this list short: each entry is a behaviour change a client could notice.
 */
export interface GeneratedRequest {
  /** The legacy route the request was built from, `METHOD /pattern`. */
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyKind: string;
  body?: Buffer;
}

export interface AllowedDifference {
  id: string;
  reason: string;
  /** The shape of the difference: which request, which pair of statuses. */
  applies(request: GeneratedRequest, legacyStatus: number, gatewayStatus: number): boolean;
  /**
   * The same request without the cause. The test sends it to the legacy app and requires the
   * gateway's status class back: proof that the cause, and nothing else (auth included), made the
   * difference.
   */
  withoutCause(request: GeneratedRequest): GeneratedRequest;
}

const isGetOrHead = (request: GeneratedRequest) => request.method === 'GET' || request.method === 'HEAD';
const cls = (status: number) => Math.floor(status / 100);

function withoutHeaders(request: GeneratedRequest, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    id: 'body-on-get',
    reason:
      'A GET or HEAD with a body Express cannot parse (malformed or oversize JSON, bytes that are not UTF-8 JSON, ' +
      'an unknown Content-Encoding or charset): the legacy app runs express.json()/urlencoded() for every method ' +
      'and answers 400, 413 or 415; Fastify never reads the body of a GET or HEAD, so the migrated route answers ' +
      'as if there were none (a 2xx, or a 3xx for a redirecting route). A body on GET has no defined meaning (RFC 9110, section 9.3.1) and no client of the ' +
      'app sends one; matching it would mean parsing, and rejecting, bodies Fastify is right to ignore.',
    applies: (request, legacy, gateway) => isGetOrHead(request) && request.body !== undefined && cls(legacy) === 4 && (cls(gateway) === 2 || cls(gateway) === 3),
    withoutCause: (request) => ({ ...request, body: undefined, headers: withoutHeaders(request, ['content-type', 'content-encoding']) }),
  },
  {
    id: 'no-etag-304',
    reason:
      'Express adds a weak ETag to every body it sends and answers 304 Not Modified to a matching If-None-Match ' +
      '(here `*`, which matches any ETag). The migrated Fastify routes send no ETag (Fastify has none by default; ' +
      '@fastify/etag would add it), so they answer 200 with the body. A 200 is always a correct answer to a ' +
      'conditional GET: caches stay correct, only the bandwidth saving is lost.',
    applies: (request, legacy, gateway) => isGetOrHead(request) && 'if-none-match' in request.headers && legacy === 304 && cls(gateway) === 2,
    withoutCause: (request) => ({ ...request, headers: withoutHeaders(request, ['if-none-match']) }),
  },
];
