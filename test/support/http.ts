/** A raw HTTP client over node:http: sends exactly the path and bytes given (no URL normalisation). */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json<T = any>(): T;
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | object;
}

export function send(base: string, req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(base);
  let body: Buffer | undefined;
  const headers: Record<string, string | string[]> = { ...(req.headers ?? {}) };
  if (Buffer.isBuffer(req.body)) body = req.body;
  else if (typeof req.body === 'string') body = Buffer.from(req.body);
  else if (req.body !== undefined) {
    body = Buffer.from(JSON.stringify(req.body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding')) {
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: url.hostname, port: url.port, method: req.method ?? 'GET', path: req.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          const text = buf.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: buf,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.setTimeout(15_000, () => r.destroy(new Error(`timeout: ${req.method ?? 'GET'} ${req.path}`)));
    if (body) r.write(body);
    r.end();
  });
}

export function baseUrlOf(server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(baseUrlOf(server))));
}

/** An app (Express's, or any request listener) on its own server on 127.0.0.1, a free port. Fastify's own `listen({ port: 0, host })` already returns its base URL. */
export async function listenExpress(app: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(app);
  return { server, base: await listen(server) };
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((ok) => (server ? server.close(() => ok()) : ok()));
}
