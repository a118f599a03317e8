/**
 * convertExpressPath against the real matchers: Express 5's own route Layer (router package,
 * path-to-regexp 8, as `app.get` uses it: case-insensitive, non-strict) and find-my-way (Fastify's
 * router, with ignoreTrailingSlash as Express does). For each path, the same URLs must match or
 * not match in both, with the same params once renamed (Express 5 wildcard arrays joined by '/').
 * Express 4-only syntax (`:id?`, `*`, `:id(\\d+)`) cannot be run here (Express 4 is not installed):
 * those are checked against find-my-way with the matches Express 4's documentation gives.
 */
import FindMyWay from 'find-my-way';
import { convertExpressPath } from '../express-path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Layer = require('router/lib/layer');

type Params = Record<string, unknown>;

function express5(path: string, url: string): Params | null {
  const layer = new Layer(path, { sensitive: false, strict: false, end: true }, () => undefined);
  const m = layer.match(url);
  return m ? { ...m.params } : null;
}

function fmw(path: string, url: string): Params | null {
  const router = FindMyWay({ ignoreTrailingSlash: true });
  router.on('GET', path, () => undefined);
  const found = router.find('GET', url);
  return found ? { ...found.params } : null;
}

/** Express params expressed as Fastify would see them after the renames. */
function asFastify(params: Params, renames: Record<string, string>, arrays: string[]): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out[renames[k] ?? k] = arrays.includes(k) && Array.isArray(v) ? v.join('/') : v;
  }
  return out;
}

const CASES: { path: string; expected: string; urls: string[] }[] = [
  { path: '/users/:id', expected: '/users/:id', urls: ['/users/7', '/users/7/', '/users', '/users/7/x', '/users/a%20b'] },
  { path: '/users/:userId/orders/:orderId', expected: '/users/:userId/orders/:orderId', urls: ['/users/1/orders/2', '/users/1/orders', '/users/1/orders/2/3'] },
  { path: '/flights/:from-:to', expected: '/flights/:from-:to', urls: ['/flights/lax-sfo', '/flights/lax', '/flights/a-b-c'] },
  { path: '/files/:name.:ext', expected: '/files/:name.:ext', urls: ['/files/report.pdf', '/files/report', '/files/a.b.c'] },
  { path: '/files/*splat', expected: '/files/*', urls: ['/files/a', '/files/a/b/c', '/files/a%2Fb', '/files', '/other/a'] },
  { path: '/*splat', expected: '/*', urls: ['/a', '/a/b'] },
  { path: '/users{/:id}', expected: '/users/:id?', urls: ['/users', '/users/', '/users/3', '/users/3/4'] },
  { path: '/a/:"odd-name"', expected: '/a/:odd_name', urls: ['/a/x', '/a'] },
  { path: '/time\\:now', expected: '/time::now', urls: ['/time:now', '/time:later'] },
  { path: '/', expected: '/', urls: ['/', '/x'] },
];

describe('convertExpressPath agrees with Express 5 and find-my-way', () => {
  for (const c of CASES) {
    it(`${c.path} → ${c.expected}`, () => {
      const r = convertExpressPath(c.path);
      if (!r.ok) throw new Error(r.reason);
      expect(r.path).toBe(c.expected);
      for (const url of c.urls) {
        const e = express5(c.path, url);
        const f = fmw(r.path, url);
        expect({ url, matches: f !== null }).toEqual({ url, matches: e !== null });
        if (e && f) expect(f).toEqual(asFastify(e, r.renames, r.arrayParams));
      }
    });
  }

  it('reports the renames a handler needs', () => {
    expect(convertExpressPath('/files/*splat')).toEqual({
      ok: true,
      path: '/files/*',
      renames: { splat: '*' },
      arrayParams: ['splat'],
      widens: "find-my-way's '*' also matches an empty rest ('/files/'), which Express 5's '*splat' does not",
    });
    expect(convertExpressPath('/users/:id')).toEqual({ ok: true, path: '/users/:id', renames: {}, arrayParams: [] });
  });

  it('is idempotent: a converted path converts to itself with no renames left to do', () => {
    for (const c of CASES) {
      const once = convertExpressPath(c.path);
      if (!once.ok) throw new Error(once.reason);
      const twice = convertExpressPath(once.path);
      if (!twice.ok) throw new Error(twice.reason);
      expect(twice.path).toBe(once.path);
    }
  });
});

describe('Express 4 syntax', () => {
  it("':id?' stays an optional last param (matches with and without it)", () => {
    const r = convertExpressPath('/users/:id?');
    expect(r).toEqual({ ok: true, path: '/users/:id?', renames: {}, arrayParams: [] });
    expect(fmw('/users/:id?', '/users')).toEqual({});
    expect(fmw('/users/:id?', '/users/5')).toEqual({ id: '5' });
  });

  it("'*' becomes find-my-way's wildcard; req.params[0] becomes params['*']", () => {
    const r = convertExpressPath('/files/*');
    expect(r).toEqual({ ok: true, path: '/files/*', renames: { 0: '*' }, arrayParams: [] });
    expect(fmw('/files/*', '/files/a/b.txt')).toEqual({ '*': 'a/b.txt' });
  });

  it("':file(*)' is a named wildcard, string-valued", () => {
    const r = convertExpressPath('/static/:file(*)');
    expect(r).toEqual({ ok: true, path: '/static/*', renames: { file: '*', 0: '*' }, arrayParams: [] });
  });

  it('regex params keep their regex, anchored', () => {
    const r = convertExpressPath('/users/:id(\\d+)');
    expect(r).toEqual({ ok: true, path: '/users/:id(^\\d+$)', renames: {}, arrayParams: [] });
    expect(fmw('/users/:id(^\\d+$)', '/users/42')).toEqual({ id: '42' });
    expect(fmw('/users/:id(^\\d+$)', '/users/abc')).toBeNull();
  });
});

describe('paths it refuses, with a reason, rather than guess', () => {
  const refused = [
    '/ab?cd', // Express 4 optional character
    '/ab+cd',
    '/(\\d+)', // unnamed regex group
    '/users/:id?/edit', // optional param not last
    '/*splat/edit', // wildcard not last
    '/users{s}', // optional static group
    '/files{/*rest}', // optional wildcard
    '/:a:b', // two params with nothing between
    '/:user@:host', // find-my-way would read the name 'user@'
    '/:path*', // Express 4 repeated param
    '/users/:id(\\d+(a))', // capturing group inside a param regex
    '/{unclosed',
    '/a/:id/b/:id',
  ];
  for (const p of refused) {
    it(p, () => {
      const r = convertExpressPath(p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(p);
    });
  }
});

/**
 * Property test: random Express 5 paths from the syntax both routers share (static segments,
 * params, params joined by '-' or '.', a trailing optional `{/:param}` or `/*wildcard`), random
 * URLs built from them and from scratch: Express 5 and find-my-way must agree on every URL.
 * URLs are lower-case: Express matches case-insensitively, find-my-way by default does not (a
 * router option, not a path).
 */
describe('property: converted paths match what Express 5 matches', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const word = fc.constantFrom('a', 'users', 'v1', 'x-y', 'files', 'b.c');
  const value = fc.constantFrom('1', 'abc', 'a-b', 'x.y', 'a%20b', 'z', 'users', '9-9');
  type Seg = { kind: 'static'; w: string } | { kind: 'param' } | { kind: 'pair'; sep: '-' | '.' };
  const seg: import('fast-check').Arbitrary<Seg> = fc.oneof(
    word.map((w) => ({ kind: 'static' as const, w })),
    fc.constant({ kind: 'param' as const }),
    fc.constantFrom('-' as const, '.' as const).map((sep) => ({ kind: 'pair' as const, sep })),
  );
  const tail = fc.constantFrom('none', 'optional', 'wildcard');

  function build(segs: Seg[], t: string): string {
    let n = 0;
    let p = segs
      .map((s) => (s.kind === 'static' ? `/${s.w}` : s.kind === 'param' ? `/:p${n++}` : `/:p${n++}${s.sep}:p${n++}`))
      .join('');
    if (t === 'optional') p += `{/:p${n++}}`;
    if (t === 'wildcard') p += '/*rest';
    return p || '/';
  }

  function urlFor(segs: Seg[], t: string, values: string[], extra: string[]): string {
    let i = 0;
    const v = (): string => values[i++ % values.length];
    let u = segs.map((s) => (s.kind === 'static' ? `/${s.w}` : s.kind === 'param' ? `/${v()}` : `/${v()}${s.sep}${v()}`)).join('');
    if (t !== 'none') u += extra.map((e) => `/${e}`).join('');
    return u || '/';
  }

  it('agrees on generated paths and URLs', () => {
    fc.assert(
      fc.property(
        fc.array(seg, { minLength: 0, maxLength: 4 }),
        tail,
        fc.array(value, { minLength: 1, maxLength: 6 }),
        fc.array(value, { minLength: 0, maxLength: 3 }),
        fc.array(fc.constantFrom('a', 'users', '1', 'x-y', 'v1', 'files'), { minLength: 0, maxLength: 5 }),
        (segs, t, values, extra, random) => {
          const path = build(segs, t);
          const r = convertExpressPath(path);
          if (!r.ok) throw new Error(`${path}: ${r.reason}`);
          for (const url of [urlFor(segs, t, values, extra), `/${random.join('/')}`]) {
            const e = express5(path, url);
            const f = fmw(r.path, url);
            // The documented widenings: find-my-way's '*' matches an empty rest, and find-my-way
            // matches an empty parameter value ('/users/' on '/users/:id' without
            // ignoreTrailingSlash, '/' on '/:id', '/a/-' on '/a/:x-:y'), which Express 5 never does.
            if (e === null && f !== null && Object.values(f).some((v) => v === '')) {
              if (f['*'] === '') expect(r.widens).toBeDefined();
              continue;
            }
            if ((e === null) !== (f === null)) throw new Error(`${path} → ${r.path}, ${url}: Express ${e ? 'matches' : 'does not match'}, find-my-way ${f ? 'matches' : 'does not'}`);
            if (e && f) expect(f).toEqual(asFastify(e, r.renames, r.arrayParams));
          }
        },
      ),
      { numRuns: 400, seed: 20261125 },
    );
  });
});

describe('known widenings (router behaviour, reported, not path syntax)', () => {
  it('find-my-way matches an empty parameter value; Express 5 does not', () => {
    const router = FindMyWay(); // Fastify's default: ignoreTrailingSlash false
    router.on('GET', '/users/:id', () => undefined);
    expect(router.find('GET', '/users/')?.params).toEqual({ id: '' });
    expect(express5('/users/:id', '/users/')).toBeNull();
  });

  it("find-my-way's '*' matches an empty rest; Express 5's '*name' does not", () => {
    const router = FindMyWay(); // with ignoreTrailingSlash, '/files/' is '/files': no match; '/' still matches '/*'
    router.on('GET', '/files/*', () => undefined);
    expect(router.find('GET', '/files/')?.params).toEqual({ '*': '' });
    expect(express5('/files/*rest', '/files/')).toBeNull();
    expect(fmw('/*', '/')).toEqual({ '*': '' });
    expect(express5('/*rest', '/')).toBeNull();
  });
});
