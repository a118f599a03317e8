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
];
