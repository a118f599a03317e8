/**
 * The three targets the parity suite runs against, each on 127.0.0.1, port 0, over real HTTP:
 *   - `legacy`: the Express app alone on node:http;
 *   - `gateway-none`: the gateway with the generated routes (gateway/generated) mounted and every
 *     one of them handed to Express;
 *   - `gateway-generated`: the gateway with every route the recipe generated (gateway/generated,
 *     `npm run generate:own-app`) served by Fastify.
 * Plus a small node:http client, so the tests are the same for all three; only the port changes.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { generatedRoutes } from '../../gateway/generated-routes';
import { createGateway } from '../../gateway/index';
import { createLegacyApp } from '../../legacy-app/app';

export const TARGET_NAMES = ['legacy', 'gateway-none', 'gateway-generated'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The raw body bytes. */
  raw: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The body parsed as JSON when it parses, else undefined. */
  json: any;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON (with `content-type: application/json` unless given). */
  body?: string | Buffer | object;
}

export interface Client {
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  post(path: string, body?: RequestOptions['body'], options?: RequestOptions): Promise<HttpResponse>;
}

export interface Target {
  name: TargetName;
  port: number;
  client: Client;
  /** The gateway, for the gateway targets. */
  gateway?: FastifyInstance;
  close(): Promise<void>;
}

export function createClient(port: number): Client {
  const request = (method: string, path: string, options: RequestOptions = {}) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...options.headers };
      let payload: Buffer | undefined;
      if (options.body !== undefined) {
        if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
          payload = Buffer.from(options.body);
        } else {
          payload = Buffer.from(JSON.stringify(options.body));
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
        }
        headers['content-length'] = String(payload.length);
      }
      let settled = false;
      // A fresh connection per request (agent: false): no keep-alive socket outlives a test.
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          settled = true;
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json });
        });
      });
      // A server may answer (413) and close before it has read the whole body: the answer is what counts.
      req.on('error', (err) => {
        if (!settled) setTimeout(() => !settled && reject(err), 200);
      });
      if (payload) req.write(payload);
      req.end();
    });
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export interface TargetOptions {
  /** For the gateway targets: Fastify's log at level info goes here (who answered each request). */
  log?: Writable;
}

export async function startTarget(name: TargetName, options: TargetOptions = {}): Promise<Target> {
  if (name === 'legacy') {
    const server = createServer(createLegacyApp());
    const port = await listen(server);
    return {
      name,
      port,
      client: createClient(port),
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
    };
  }
  const gateway = createGateway({
    legacyApp: createLegacyApp(),
    routes: generatedRoutes(),
    migratedRoutes: name === 'gateway-none' ? 'none' : 'all',
    ...(options.log ? { fastify: { logger: { level: 'info', stream: options.log } } } : {}),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const port = (gateway.server.address() as AddressInfo).port;
  return { name, port, client: createClient(port), gateway, close: () => gateway.close() };
}
