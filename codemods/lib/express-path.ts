/**
 * Express 4 / Express 5 route path → find-my-way (Fastify) route path. Pure; never guesses: a path
 * whose meaning find-my-way cannot express gives `{ ok: false, reason }`.
 *
 *   '/users/:id'          → '/users/:id'
 *   '/users/:id?'         → '/users/:id?'          (Express 4 optional param; last segment only)
 *   '/users{/:id}'        → '/users/:id?'          (Express 5 optional group around the last param)
 *   '/files/*'            → '/files/*'             renames { 0: '*' }       (Express 4 wildcard)
 *   '/files/*splat'       → '/files/*'             renames { splat: '*' }, arrayParams ['splat']
 *   '/files/:file(*)'     → '/files/*'             renames { file: '*', 0: '*' }
 *   '/users/:id(\\d+)'    → '/users/:id(^\\d+$)'   (Express 4 regex param)
 *   '/a/:"odd-name"'      → '/a/:odd_name'         renames { 'odd-name': 'odd_name' }
 *   '/ab?cd', '/(\\d+)', '/*a/b', '/x{s}'          → { ok: false, reason }
 *
 * `widens` says where find-my-way matches more than Express: Express 5's `*name` needs at least one
 * character, find-my-way's `*` also matches an empty rest (`/files/`).
 * `renames` maps the key Express put in `req.params` (a name, or an index for Express 4's
 * unnamed wildcards) to the key Fastify uses in `request.params`. `arrayParams` lists the Express
 * keys whose value was an array of segments (Express 5 `*name`); in Fastify it is one string.
 */

export type ConvertedPath =
  | {
      ok: true;
      path: string;
      renames: Record<string, string>;
      arrayParams: string[];
      /** Set when find-my-way's path matches a little more than Express's (said here, never hidden). */
      widens?: string;
    }
  | { ok: false; reason: string };

type Token =
  | { type: 'text'; value: string }
  | { type: 'param'; name: string; regex?: string; optional?: boolean; quoted?: boolean }
  | { type: 'wildcard'; name: string; index?: number; array: boolean }
  | { type: 'group'; tokens: Token[] };

const ID_START = /[$_\p{ID_Start}]/u;
const ID_CONTINUE = /[$\u200c\u200d\p{ID_Continue}]/u;

class PathError extends Error {}

function fail(reason: string): never {
  throw new PathError(reason);
}

/** Parses both Express 4 (path-to-regexp 0.1) and Express 5 (path-to-regexp 8) syntax; they hardly overlap. */
function parse(path: string): Token[] {
  let i = 0;
  let wildcardIndex = 0;
  const parseSeq = (inGroup: boolean): Token[] => {
    const out: Token[] = [];
    const text = (c: string): void => {
      const last = out[out.length - 1];
      if (last?.type === 'text') last.value += c;
      else out.push({ type: 'text', value: c });
    };
    while (i < path.length) {
      const c = path[i];
      if (c === '\\') {
        if (i + 1 >= path.length) fail('a trailing backslash escapes nothing');
        text(path[i + 1]);
        i += 2;
        continue;
      }
      if (c === '}') {
        if (!inGroup) fail("an unmatched '}'");
        return out;
      }
      if (c === '{') {
        i++;
        const tokens = parseSeq(true);
        if (path[i] !== '}') fail("an unclosed '{' group");
        i++;
        out.push({ type: 'group', tokens });
        continue;
      }
      if (c === ':') {
        if (path[i + 1] === ':') {
          // find-my-way's escaped colon (already converted).
          text(':');
          i += 2;
          continue;
        }
        i++;
        let name = '';
        let quoted = false;
        if (path[i] === '"') {
          quoted = true;
          i++;
          while (i < path.length && path[i] !== '"') {
            if (path[i] === '\\') i++;
            name += path[i++];
          }
          if (path[i] !== '"') fail('an unterminated quoted parameter name');
          i++;
        } else {
          if (!ID_START.test(path[i] ?? '') && !/[0-9]/.test(path[i] ?? '')) fail(`a ':' at ${i - 1} without a parameter name`);
          while (i < path.length && ID_CONTINUE.test(path[i])) name += path[i++];
        }
        const token: Token & { type: 'param' } = { type: 'param', name, quoted };
        if (path[i] === '(') {
          const end = closingParen(path, i);
          token.regex = path.slice(i + 1, end);
          i = end + 1;
        }
        if (path[i] === '?') {
          token.optional = true;
          i++;
        } else if (path[i] === '*' || path[i] === '+') {
          fail(`the repeated parameter ':${name}${path[i]}' (Express 4), which find-my-way cannot express`);
        }
        out.push(token);
        continue;
      }
      if (c === '*') {
        i++;
        let name = '';
        if (path[i] === '"') {
          i++;
          while (i < path.length && path[i] !== '"') name += path[i++];
          i++;
        } else {
          while (i < path.length && ID_CONTINUE.test(path[i])) name += path[i++];
        }
        if (name) out.push({ type: 'wildcard', name, array: true });
        else out.push({ type: 'wildcard', name: String(wildcardIndex), index: wildcardIndex++, array: false });
        continue;
      }
      if (c === '(') fail('an unnamed regular-expression group (Express 4), which find-my-way cannot express');
      if (c === '?' || c === '+') fail(`an Express 4 optional or repeated character ('${c}' after '${path[i - 1] ?? ''}'), which find-my-way cannot express`);
      if (c === ')' || c === '[' || c === ']' || c === '!') fail(`the reserved character '${c}'`);
      text(c);
      i++;
    }
    if (inGroup) fail("an unclosed '{' group");
    return out;
  };
  return parseSeq(false);
}

function closingParen(path: string, start: number): number {
  let depth = 0;
  for (let k = start; k < path.length; k++) {
    if (path[k] === '\\') {
      k++;
      continue;
    }
    if (path[k] === '(') depth++;
    else if (path[k] === ')' && --depth === 0) return k;
  }
  fail('an unclosed regular-expression group');
}

function safeName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_$]/g, '_');
  if (!/^[A-Za-z_$]/.test(s)) s = `_${s}`;
  return s;
}

export function convertExpressPath(path: string): ConvertedPath {
  if (typeof path !== 'string') return { ok: false, reason: 'not a string path' };
  let tokens: Token[];
  try {
    tokens = parse(path);
  } catch (e) {
    if (e instanceof PathError) return { ok: false, reason: `'${path}' has ${e.message}` };
    throw e;
  }
  // Express 5 `{/:id}` at the very end → Express 4-style optional param, which find-my-way has.
  const last = tokens[tokens.length - 1];
  if (last?.type === 'group') {
    const g = last.tokens;
    if (g.length === 2 && g[0].type === 'text' && g[0].value === '/' && g[1].type === 'param' && !g[1].optional) {
      tokens = [...tokens.slice(0, -1), { type: 'text', value: '/' }, { ...g[1], optional: true }];
    }
  }
  const renames: Record<string, string> = {};
  const arrayParams: string[] = [];
  const used = new Set<string>();
  let widens: string | undefined;
  let out = '';
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const isLast = k === tokens.length - 1;
    const next = tokens[k + 1];
    switch (t.type) {
      case 'group':
        return { ok: false, reason: `'${path}' has an optional group '{...}' that is not a single trailing '{/:param}': it needs one route per alternative` };
      case 'text':
        if (t.value.includes('*')) return { ok: false, reason: `'${path}' has a literal '*'` };
        out += t.value.replace(/:/g, '::');
        break;
      case 'param': {
        if (next && next.type === 'text' && !/^[-./]/.test(next.value)) {
          return { ok: false, reason: `'${path}': find-my-way ends a parameter name only at '/', '-' or '.', not at '${next.value[0]}'` };
        }
        if (next && next.type !== 'text') return { ok: false, reason: `'${path}' has two parameters with nothing between them` };
        if (t.optional && !(isLast && out.endsWith('/'))) {
          return { ok: false, reason: `'${path}': find-my-way allows an optional parameter only as the whole last segment` };
        }
        if (t.regex !== undefined && (t.regex === '*' || t.regex === '.*')) {
          // Express 4 `:file(*)`: any rest of the path, under the name and as index 0.
          if (!isLast || t.optional) return { ok: false, reason: `'${path}': ':${t.name}(${t.regex})' is not at the end of the path` };
          renames[t.name] = '*';
          if (t.regex === '*') renames['0'] = '*';
          out += '*';
          break;
        }
        let name = t.name;
        if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
          name = safeName(name);
          renames[t.name] = name;
        }
        if (used.has(name)) return { ok: false, reason: `'${path}' uses the parameter name '${name}' twice` };
        used.add(name);
        out += `:${name}`;
        if (t.regex !== undefined) {
          if (/\((?!\?)/.test(t.regex)) return { ok: false, reason: `'${path}': the regular expression of ':${t.name}' has a capturing group` };
          out += `(${t.regex.startsWith('^') ? '' : '^'}${t.regex}${t.regex.endsWith('$') ? '' : '$'})`;
        }
        if (t.optional) out += '?';
        break;
      }
      case 'wildcard':
        if (!isLast) return { ok: false, reason: `'${path}': find-my-way allows a wildcard only at the end of the path` };
        if (used.has('*')) return { ok: false, reason: `'${path}' has two wildcards` };
        used.add('*');
        renames[t.name] = '*';
        if (t.array) arrayParams.push(t.name);
        out += '*';
        if (t.array) widens = `find-my-way's '*' also matches an empty rest ('${out.slice(0, -1)}'), which Express 5's '*${t.name}' does not`;
        break;
    }
  }
  return widens ? { ok: true, path: out, renames, arrayParams, widens } : { ok: true, path: out, renames, arrayParams };
}
