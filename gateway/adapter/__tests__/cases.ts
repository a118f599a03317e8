/**
 * The differential cases: one table entry per behaviour. Each handler is plain Express code; the
 * harness (differential.ts) runs it on Express and through the adapter on Fastify.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multer from 'multer';
import type { NextFunction, Request, Response } from 'express';
import { COOKIE_SECRET, FIXTURES, type DiffCase } from './differential';

// Express's own dependencies, without type declarations in this project.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const etag = require('etag') as (entity: Buffer, options: { weak: boolean }) => string;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sign } = require('cookie-signature') as { sign: (value: string, secret: string) => string };

const FIXED_EXPIRY = new Date(Date.UTC(2030, 0, 1));
const helloFresh = 'hello fresh';
const signedSid = encodeURIComponent(`s:${sign('tobi', COOKIE_SECRET)}`);

function chunkStream(chunks: number, size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === chunks) return this.push(null);
      this.push(Buffer.alloc(size, 97 + (sent % 26)));
      sent++;
    },
  });
}

const upload = multer({ storage: multer.memoryStorage() });
const BOUNDARY = 'e2f-boundary';
const multipartBody = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="title"',
  '',
  'Quarterly',
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="file"; filename="q3.csv"',
  'Content-Type: text/csv',
  '',
  'a,b\n1,2',
  `--${BOUNDARY}--`,
  '',
].join('\r\n');

const setLocal = (key: string, value: unknown) => (req: Request, res: Response, next: NextFunction) => {
  res.locals[key] = value;
  next();
};

export const cases: DiffCase[] = [
  // ---- res.send / json / jsonp / end / status ------------------------------------------------
  { name: 'send string (text/html, ETag)', status: 200, handler: (req, res) => res.send('<p>hello</p>') },
  { name: 'send empty string', status: 200, handler: (req, res) => res.send('') },
  { name: 'send Buffer (octet-stream)', status: 200, handler: (req, res) => res.send(Buffer.from([1, 2, 3, 250])) },
  { name: 'send object (JSON)', status: 200, handler: (req, res) => res.send({ a: 1, b: [true, null] }) },
  { name: 'send with preset content type', handler: (req, res) => res.type('text/plain').send('plain text') },
  { name: 'send null', handler: (req, res) => res.send(null) },
  { name: 'send without body', handler: (req, res) => res.send() },
  { name: 'send on 204 strips body headers', status: 204, handler: (req, res) => res.status(204).send('ignored') },
  { name: 'json object', status: 200, handler: (req, res) => res.json({ id: 42, name: 'Ada' }) },
  { name: 'json array with status', status: 201, handler: (req, res) => res.status(201).json([1, 'two', { three: 3 }]) },
  { name: 'json null', handler: (req, res) => res.json(null) },
  { name: 'json string', handler: (req, res) => res.json('just a string') },
  { name: 'json escapes nothing by default', handler: (req, res) => res.json({ html: '<script>&</script>' }) },
  { name: 'json with multi-byte characters', handler: (req, res) => res.json({ name: 'Zoë 😀', city: 'Zürich' }) },
  { name: 'json undefined', handler: (req, res) => res.json(undefined) },
  { name: 'json 205 drops the body', status: 205, handler: (req, res) => res.status(205).json({ reset: true }) },
  { name: 'json with an ETag already set', handler: (req, res) => res.set('ETag', '"mine"').json({ a: 1 }) },
  { name: 'json 304 from If-None-Match', status: 304, headers: { 'if-none-match': etag(Buffer.from('{"a":1}'), { weak: true }) }, handler: (req, res) => res.json({ a: 1 }) },
  { name: 'send with Transfer-Encoding preset', handler: (req, res) => res.set('Transfer-Encoding', 'chunked').send('chunked body') },
  { name: 'send empty Buffer', handler: (req, res) => res.send(Buffer.alloc(0)) },
  { name: 'send string with If-Modified-Since only', headers: { 'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT' }, handler: (req, res) => res.send('not fresh') },
  { name: 'send number (JSON)', handler: (req, res) => res.send(42 as unknown as string) },
  { name: 'jsonp with callback', route: '/', path: '/?callback=handle', handler: (req, res) => res.jsonp({ ok: true }) },
  { name: 'jsonp without callback', handler: (req, res) => res.jsonp({ ok: true }) },
  { name: 'end without body', status: 200, handler: (req, res) => res.end() },
  { name: 'status then end with body', status: 418, handler: (req, res) => res.status(418).end('teapot') },
  { name: 'statusCode assignment', status: 202, handler: (req, res) => { res.statusCode = 202; res.end('accepted'); } },
  { name: 'sendStatus 200', status: 200, handler: (req, res) => res.sendStatus(200) },
  { name: 'sendStatus 404', status: 404, handler: (req, res) => res.sendStatus(404) },
  { name: 'sendStatus 204', status: 204, handler: (req, res) => res.sendStatus(204) },
  {
    name: 'headersSent before and after',
    handler: (req, res) => {
      const before = res.headersSent;
      res.write(`before=${before};`);
      res.end(`after=${res.headersSent}`);
    },
  },

  // ---- headers ------------------------------------------------------------------------------
  { name: 'set one header', handler: (req, res) => res.set('X-One', '1').send('ok') },
  { name: 'set object of headers', handler: (req, res) => res.set({ 'X-A': 'a', 'X-B': ['b1', 'b2'] }).send('ok') },
  { name: 'header alias with content type charset', handler: (req, res) => res.header('Content-Type', 'text/csv').send('a,b') },
  { name: 'get a header back', handler: (req, res) => { res.set('X-Echo', 'echo'); res.send(String(res.get('x-echo'))); } },
  { name: 'append headers and cookies', handler: (req, res) => res.append('Link', '<a>').append('Link', ['<b>', '<c>']).append('Set-Cookie', 'a=1').send('ok') },
  { name: 'type by extension', handler: (req, res) => res.type('html').send('<b>x</b>') },
  { name: 'type by file name', handler: (req, res) => res.type('report.json').send('{"a":1}') },
  { name: 'type by mime', handler: (req, res) => res.type('application/vnd.custom+json').send('{}') },
  { name: 'vary twice', handler: (req, res) => res.vary('Accept').vary('Origin').vary('accept').send('ok') },
  { name: 'location', status: 201, handler: (req, res) => res.location('/users/7?x=a b').sendStatus(201) },
  { name: 'links', handler: (req, res) => res.links({ next: '/p/2', last: '/p/9' }).send('ok') },

  // ---- redirects -----------------------------------------------------------------------------
  { name: 'redirect (302, text)', status: 302, handler: (req, res) => res.redirect('/elsewhere') },
  { name: 'redirect 301', status: 301, handler: (req, res) => res.redirect(301, '/moved') },
  { name: 'redirect for HTML client', headers: { accept: 'text/html' }, handler: (req, res) => res.redirect('/to?a=<b>') },
  { name: 'redirect HEAD', method: 'HEAD', handler: (req, res) => res.redirect('/head') },

  // ---- cookies -------------------------------------------------------------------------------
  { name: 'set cookie with options', handler: (req, res) => res.cookie('sid', 'abc', { httpOnly: true, path: '/', sameSite: 'lax', expires: FIXED_EXPIRY }).send('ok') },
  { name: 'set JSON cookie', handler: (req, res) => res.cookie('prefs', { theme: 'dark' }, { expires: FIXED_EXPIRY }).send('ok') },
  { name: 'set signed cookie', handler: (req, res) => res.cookie('sid', 'tobi', { signed: true, expires: FIXED_EXPIRY }).send('ok') },
  { name: 'clear cookie', handler: (req, res) => res.clearCookie('sid', { path: '/' }).send('ok') },
  { name: 'read cookies', headers: { cookie: 'a=1; b=two%20words; prefs=j%3A%7B%22x%22%3A1%7D' }, handler: (req, res) => res.json(req.cookies) },
  { name: 'read signed cookies', headers: { cookie: `sid=${signedSid}; bad=s%3Anope.x; plain=1` }, handler: (req, res) => res.json({ signed: req.signedCookies, plain: req.cookies }) },
  { name: 'no cookies', handler: (req, res) => res.json({ cookies: req.cookies, signed: req.signedCookies }) },

  // ---- request facade ------------------------------------------------------------------------
  { name: 'params', route: '/users/:id/posts/:post', path: '/users/42/posts/hello%20world', handler: (req, res) => res.json(req.params) },
  { name: 'query', path: '/?a=1&b=x&b=y&c[d]=e&empty', handler: (req, res) => res.json(req.query) },
  { name: 'path, originalUrl, baseUrl, method', path: '/?q=1', handler: (req, res) => res.json({ path: req.path, originalUrl: req.originalUrl, baseUrl: req.baseUrl, method: req.method }) },
  { name: 'get / header (referrer alias)', headers: { referer: 'http://ref.example/', 'x-custom': 'c' }, handler: (req, res) => res.json({ ct: req.get('content-type') ?? null, ref: req.get('referrer'), custom: req.header('X-Custom') }) },
  { name: 'headers object', headers: { 'x-one': '1' }, handler: (req, res) => res.json({ one: req.headers['x-one'], host: typeof req.headers.host }) },
  { name: 'ip and ips (no proxy header)', handler: (req, res) => res.json({ ip: req.ip, ips: req.ips }) },
  { name: 'ip and ips through a trusted proxy', headers: { 'x-forwarded-for': '203.0.113.9, 127.0.0.1' }, handler: (req, res) => res.json({ ip: req.ip, ips: req.ips }) },
  { name: 'hostname, subdomains', headers: { host: 'api.eu.example.com:8080' }, handler: (req, res) => res.json({ hostname: req.hostname, host: req.host, subdomains: req.subdomains }) },
  { name: 'protocol and secure', handler: (req, res) => res.json({ protocol: req.protocol, secure: req.secure }) },
  { name: 'protocol via X-Forwarded-Proto', headers: { 'x-forwarded-proto': 'https' }, handler: (req, res) => res.json({ protocol: req.protocol, secure: req.secure }) },
  { name: 'xhr', headers: { 'x-requested-with': 'XMLHttpRequest' }, handler: (req, res) => res.json({ xhr: req.xhr }) },
  {
    name: 'accepts family',
    headers: { accept: 'text/html;q=0.9, application/json', 'accept-encoding': 'gzip, br', 'accept-charset': 'utf-8', 'accept-language': 'fr-CH, en;q=0.8' },
    handler: (req, res) =>
      res.json({
        type: req.accepts(['html', 'json']),
        none: req.accepts('image/png'),
        encodings: req.acceptsEncodings('br', 'gzip'),
        charsets: req.acceptsCharsets('utf-8'),
        languages: req.acceptsLanguages('en', 'fr-CH'),
      }),
  },
  { name: 'route', route: '/items/:id', path: '/items/9', handler: (req, res) => res.json({ path: req.route.path, methods: req.route.methods }) },
  { name: 'fresh (304 from If-None-Match)', status: 304, headers: { 'if-none-match': etag(Buffer.from(helloFresh), { weak: true }) }, handler: (req, res) => res.send(helloFresh) },
  { name: 'fresh and stale flags', headers: { 'if-none-match': '"nope"' }, handler: (req, res) => { res.set('ETag', '"nope"'); res.json({ fresh: req.fresh, stale: req.stale }); } },
  { name: 'range', headers: { range: 'bytes=0-4,10-' }, handler: (req, res) => res.json(req.range(100) ?? null) },

  // ---- bodies --------------------------------------------------------------------------------
  { name: 'JSON body', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Ada","tags":["x"]}', status: 201, handler: (req, res) => res.status(201).json({ got: req.body, is: req.is('json') }) },
  { name: 'urlencoded body', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two+words&b=3', handler: (req, res) => res.json({ got: req.body, is: req.is('urlencoded') }) },
  { name: 'text body', method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'plain body', handler: (req, res) => res.json({ got: req.body, is: req.is('text/*'), notJson: req.is('json') }) },
  { name: 'no body on GET', handler: (req, res) => res.json({ undefinedBody: req.body === undefined, is: req.is('json') }) },
  { name: 'DELETE with params', method: 'DELETE', route: '/things/:id', path: '/things/5', status: 204, handler: (req, res) => res.sendStatus(204) },

  // ---- format / attachment / files / views ----------------------------------------------------
  ...(['text/html', 'application/json', 'text/plain;q=0.5, */*;q=0.1'] as const).map(
    (accept): DiffCase => ({
      name: `format for ${accept}`,
      headers: { accept },
      handler: (req, res) =>
        res.format({
          'text/plain': () => res.send('text'),
          html: () => res.send('<p>html</p>'),
          json: () => res.json({ json: true }),
        }),
    }),
  ),
  { name: 'format not acceptable (406 through next)', status: 406, headers: { accept: 'image/png' }, handler: (req, res) => res.format({ json: () => res.json({}) }) },
  { name: 'format default', headers: { accept: 'image/png' }, handler: (req, res) => res.format({ json: () => res.json({}), default: () => res.status(200).send('fallback') }) },
  { name: 'attachment without file name', handler: (req, res) => res.attachment().send('data') },
  { name: 'attachment with file name', handler: (req, res) => res.attachment('reports/année 2024.pdf').send('pdf bytes') },
  { name: 'sendFile', status: 200, handler: (req, res) => res.sendFile(join(FIXTURES, 'hello.txt')) },
  { name: 'sendFile with root and headers', handler: (req, res) => res.sendFile('hello.txt', { root: FIXTURES, headers: { 'X-File': 'yes' } }) },
  { name: 'sendFile range', status: 206, headers: { range: 'bytes=0-4' }, handler: (req, res) => res.sendFile(join(FIXTURES, 'hello.txt')) },
  { name: 'sendFile missing file (404 through next)', status: 404, handler: (req, res) => res.sendFile(join(FIXTURES, 'missing.txt')) },
  { name: 'sendFile with callback', handler: (req, res) => res.sendFile(join(FIXTURES, 'missing.txt'), (err) => { if (err) res.status(410).send('gone'); }) },
  { name: 'download', status: 200, handler: (req, res) => res.download(join(FIXTURES, 'report.csv')) },
  { name: 'download with file name', handler: (req, res) => res.download(join(FIXTURES, 'report.csv'), 'export.csv') },
  { name: 'render with locals', status: 200, handler: (req, res) => res.render('page', { title: 'Hello', user: 'Ada' }) },
  { name: 'render with callback', handler: (req, res) => res.render('page', { title: 'T', user: 'U' }, (err, html) => res.send(`[${html?.trim()}]`)) },
  { name: 'render missing view (500 through next)', status: 500, handler: (req, res) => res.render('nope') },

  // ---- streaming -----------------------------------------------------------------------------
  { name: 'write then end', handler: (req, res) => { res.write('a'); res.write(Buffer.from('b')); res.end('c'); } },
  { name: 'writeHead then stream', status: 207, handler: (req, res) => { res.writeHead(207, { 'content-type': 'text/plain' }); res.write('multi'); res.end(); } },
  { name: 'pipe a small stream', handler: (req, res) => { res.type('text'); Readable.from(['x', 'y', 'z']).pipe(res); } },
  { name: 'pipe 8 MB stream', status: 200, handler: (req, res) => { res.set('Content-Type', 'application/octet-stream'); chunkStream(128, 64 * 1024).pipe(res); } },
  {
    name: 'write 4 MB with backpressure',
    handler: (req, res) => {
      let i = 0;
      const pump = (): void => {
        while (i < 256) if (!res.write(Buffer.alloc(16 * 1024, 48 + (i++ % 10)))) return void res.once('drain', pump);
        res.end();
      };
      pump();
    },
  },
  { name: 'stream/promises pipeline into res', handler: async (req, res) => { res.type('text'); await pipeline(chunkStream(4, 1000), res); } },
  {
    name: 'multer middleware streams a multipart upload',
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: multipartBody,
    middleware: [upload.single('file') as unknown as DiffCase['handler']],
    handler: (req, res) => {
      const file = (req as Request & { file?: { originalname: string; mimetype: string; size: number; buffer: Buffer } }).file;
      res.json({ title: req.body.title, file: file && { name: file.originalname, type: file.mimetype, size: file.size, text: file.buffer.toString() } });
    },
  },
  { name: 'send 2 MB buffer', handler: (req, res) => res.send(Buffer.alloc(2 * 1024 * 1024, 7)) },

  // ---- errors and flow ------------------------------------------------------------------------
  { name: 'thrown error', status: 500, handler: () => { throw new Error('boom'); } },
  { name: 'thrown error with status', status: 418, handler: () => { throw Object.assign(new Error('short and stout'), { status: 418 }); } },
  { name: 'async handler rejects', status: 503, handler: async () => { await Promise.resolve(); throw Object.assign(new Error('later'), { statusCode: 503 }); } },
  { name: 'promise rejects with nothing', status: 500, handler: () => Promise.reject(undefined) },
  { name: 'next(err)', status: 422, handler: (req, res, next) => next(Object.assign(new Error('invalid'), { status: 422 })) },
  { name: 'next(err) after setting a header', status: 500, handler: (req, res, next) => { res.set('X-Before', 'kept'); next(new Error('after header')); } },
  { name: 'next(err) later', status: 500, handler: (req, res, next) => { setTimeout(() => next(new Error('from a timer')), 5); } },
  { name: 'next(string)', status: 500, handler: (req, res, next) => next('a string error') },
  { name: 'next() falls through to not found', status: 404, handler: (req, res, next) => next() },
  { name: "next('route') falls through to not found", status: 404, handler: (req, res, next) => next('route') },
  { name: 'handler that never answers times out (503), the server keeps serving', status: 503, timeout: 200, handler: () => undefined },
  { name: 'middleware that never calls next times out (503)', status: 503, timeout: 200, middleware: [() => undefined], handler: (req, res) => res.send('never') },
  { name: 'next(err) after the response started cuts the connection', status: 200, handler: (req, res, next) => { res.type('text').write('partial;'); setTimeout(() => next(new Error('mid-stream')), 20); } },
  { name: 'double send keeps the first answer', status: 200, handler: (req, res) => { res.send('first'); res.send('second'); } },
  { name: 'async answer', handler: async (req, res) => { await new Promise((r) => setTimeout(r, 10)); res.json({ late: true }); } },
  { name: 'HEAD on a GET route', method: 'HEAD', handler: (req, res) => res.json({ body: 'not sent' }) },

  // ---- middleware (fromExpressMiddleware on the Fastify side) --------------------------------------
  { name: 'res.locals across three middlewares', middleware: [setLocal('a', 1), setLocal('b', 'two'), setLocal('c', [3])], handler: (req, res) => res.json(res.locals) },
  {
    name: 'middleware sets req.user',
    middleware: [(req, res, next) => { (req as unknown as { user?: unknown }).user = { id: 7, role: 'admin' }; next(); }],
    handler: (req, res) => res.json({ user: (req as unknown as { user?: unknown }).user }),
  },
  { name: 'auth middleware answers 401', status: 401, middleware: [(req, res, next) => (req.get('authorization') ? next() : res.status(401).json({ error: 'unauthorized' }))], handler: (req, res) => res.send('secret') },
  { name: 'auth middleware lets through', headers: { authorization: 'Bearer x' }, middleware: [(req, res, next) => (req.get('authorization') ? next() : res.sendStatus(401))], handler: (req, res) => res.send('secret') },
  { name: 'middleware next(err)', status: 400, middleware: [(req, res, next) => next(Object.assign(new Error('bad input'), { status: 400 }))], handler: (req, res) => res.send('never') },
  { name: 'middleware throws', status: 500, middleware: [() => { throw new Error('mw threw'); }], handler: (req, res) => res.send('never') },
  { name: 'async middleware', middleware: [async (req, res, next) => { await new Promise((r) => setTimeout(r, 5)); res.set('X-Mw', 'async'); next(); }], handler: (req, res) => res.send('after async') },
  {
    name: 'validation middleware rewrites the body',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"name":"  Ada  ","admin":true}',
    middleware: [(req, res, next) => { req.body = { name: String(req.body.name).trim() }; next(); }],
    handler: (req, res) => res.json(req.body),
  },
];
