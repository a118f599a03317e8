/**
 * The shape of a function another module of the app exports: how many parameters it takes and
 * whether it calls its third (`next`). A step that sees `app.use(errorHandler)` with
 * `errorHandler` imported from './middleware/errors' cannot tell from the file alone whether that is
 * error middleware (4 parameters: Express's meaning is its arity) or a not-found handler; this reads
 * the module it comes from (a relative import only, resolved as Node would, parsed with
 * @babel/parser) and finds the exported function: ESM named or default exports (function
 * declarations, `const x = (...) => {}`, `export { x as y }`) and CommonJS (`module.exports = fn`,
 * `module.exports = { a, b: fn }`, `exports.a = fn`). Undefined whenever it is not that sure.
 */
import { readFileSync } from 'node:fs';
import { babelParse, resolveRelative } from '../runner/discover';
import { type AnyNode, type AnyPath, resolveBinding } from './ast';

export interface FunctionShape {
  /** The module file it was found in. */
  file: string;
  params: number;
  /** Name of the first parameter, when it is a plain identifier (`err`, `req`). */
  first?: string;
  /** True when the body calls the third parameter (`next()`, `next(err)`) or passes it on. */
  usesThird: boolean;
}

const parsed = new Map<string, AnyNode | null>();

function programOfFile(file: string): AnyNode | null {
  if (!parsed.has(file)) {
    try {
      parsed.set(file, babelParse(readFileSync(file, 'utf8'), file).program);
    } catch {
      parsed.set(file, null);
    }
  }
  return parsed.get(file)!;
}

const isFn = (n: AnyNode): boolean => !!n && /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(n.type);

function unwrap(n: AnyNode): AnyNode {
  while (n && /^(TSAsExpression|TSSatisfiesExpression|TSNonNullExpression|ParenthesizedExpression)$/.test(n.type)) n = n.expression;
  return n;
}

/** A top-level function of the program by its local name (declaration or `const x = function`). */
function localFunction(program: AnyNode, name: string): AnyNode | undefined {
  for (const raw of program.body) {
    const st = /^Export(Named|Default)Declaration$/.test(raw.type) && raw.declaration ? raw.declaration : raw;
    if (st.type === 'FunctionDeclaration' && st.id?.name === name) return st;
    if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) if (d.id.type === 'Identifier' && d.id.name === name && isFn(unwrap(d.init))) return unwrap(d.init);
    }
  }
  return undefined;
}

function byValue(program: AnyNode, n: AnyNode): AnyNode | undefined {
  n = unwrap(n);
  if (isFn(n)) return n;
  return n?.type === 'Identifier' ? localFunction(program, n.name) : undefined;
}

/** The function `program` exports as `name` ('default' for the default export / `module.exports = fn`). */
function exportedFunction(program: AnyNode, name: string): AnyNode | undefined {
  for (const st of program.body) {
    if (st.type === 'ExportDefaultDeclaration' && name === 'default') return byValue(program, st.declaration);
    if (st.type === 'ExportNamedDeclaration') {
      const d = st.declaration;
      if (d?.type === 'FunctionDeclaration' && d.id?.name === name) return d;
      if (d?.type === 'VariableDeclaration') {
        for (const v of d.declarations) if (v.id.type === 'Identifier' && v.id.name === name) return byValue(program, v.init);
      }
      if (!st.source) {
        for (const s of st.specifiers ?? []) {
          const exported = s.exported?.name ?? s.exported?.value;
          if (exported === name) return localFunction(program, s.local.name);
        }
      }
    }
    // CommonJS.
    const e = st.type === 'ExpressionStatement' ? st.expression : undefined;
    if (e?.type !== 'AssignmentExpression' || e.operator !== '=') continue;
    const left = e.left;
    const isModuleExports = (n: AnyNode): boolean =>
      n?.type === 'MemberExpression' && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.name === 'exports';
    if (isModuleExports(left)) {
      const right = unwrap(e.right);
      if (name === 'default') return byValue(program, right);
      if (right?.type === 'ObjectExpression') {
        for (const p of right.properties) {
          if (p.type === 'ObjectMethod' && (p.key.name ?? p.key.value) === name) return p;
          if (p.type === 'ObjectProperty' && (p.key.name ?? p.key.value) === name) return byValue(program, p.value);
        }
      }
    } else if (left.type === 'MemberExpression' && !left.computed && left.property.name === name && (isModuleExports(left.object) || (left.object.type === 'Identifier' && left.object.name === 'exports'))) {
      return byValue(program, e.right);
    }
  }
  return undefined;
}

/** Does the function call (or pass on) its parameter `name`? */
function usesParam(fn: AnyNode, name: string): boolean {
  let found = false;
  const visit = (n: AnyNode, parent: AnyNode | null, key: string): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const c of n) visit(c, parent, key);
      return;
    }
    if (typeof n.type !== 'string') return;
    // A nested function that declares the same name shadows it.
    if (n !== fn && isFn(n) && n.params.some((p: AnyNode) => p.type === 'Identifier' && p.name === name)) return;
    if (n.type === 'Identifier' && n.name === name && !(parent?.type === 'MemberExpression' && key === 'property' && !parent.computed) && !(parent?.type === 'ObjectProperty' && key === 'key')) {
      found = true;
      return;
    }
    for (const k of Object.keys(n)) {
      if (k === 'loc' || k === 'start' || k === 'end' || k === 'comments' || k === 'leadingComments' || k === 'trailingComments' || k === 'typeAnnotation') continue;
      if (n === fn && k === 'params') continue;
      visit(n[k], n, k);
    }
  };
  visit(fn, null, '');
  return found;
}

/**
 * The shape of the function the identifier at `at` stands for, when it is imported (ESM import or
 * `require`, whole or destructured) from a relative module this run can read.
 */
export function importedFunctionShape(fromFile: string, at: AnyPath): FunctionShape | undefined {
  const local = at.node.name as string;
  const b = resolveBinding(at, local) as AnyNode;
  if (!b) return undefined;
  let source: string | undefined;
  let imported: string | undefined;
  if (b.kind === 'import') {
    source = b.source;
    const spec = b.node;
    imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportSpecifier' ? (spec.imported.name ?? spec.imported.value) : undefined;
  } else if (b.kind === 'var') {
    const d = b.node;
    const init = unwrap(d.init);
    const req = init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' ? init : init?.type === 'MemberExpression' && init.object.type === 'CallExpression' && init.object.callee.name === 'require' ? init.object : undefined;
    if (!req) return undefined;
    source = req.arguments[0]?.value;
    if (d.id.type === 'Identifier') imported = init === req ? 'default' : !init.computed ? init.property.name : undefined;
    else if (d.id.type === 'ObjectPattern' && init === req) {
      const prop = d.id.properties.find((p: AnyNode) => p.type === 'ObjectProperty' && p.value.type === 'Identifier' && p.value.name === local);
      imported = prop ? (prop.key.name ?? prop.key.value) : undefined;
    }
  }
  if (typeof source !== 'string' || !source.startsWith('.') || !imported) return undefined;
  const file = resolveRelative(fromFile, source);
  const program = file ? programOfFile(file) : null;
  if (!file || !program) return undefined;
  const fn = exportedFunction(program, imported);
  if (!fn) return undefined;
  const third = fn.params[2];
  return {
    file,
    params: fn.params.length,
    first: fn.params[0]?.type === 'Identifier' ? fn.params[0].name : undefined,
    usesThird: !!third && (third.type !== 'Identifier' || usesParam(fn, third.name)),
  };
}

const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/g;

/**
 * Does `fromFile`'s text, or a module it reaches through relative imports / requires, match `re`?
 * (At most `limit` modules are read; unreadable ones are skipped.) What a whole app does, seen from
 * its app file: whether any handler uses res.locals, say.
 */
export function reachableModulesMatch(fromFile: string, text: string, re: RegExp, limit = 400): boolean {
  const seen = new Set<string>([fromFile]);
  const queue: [string, string][] = [[fromFile, text]];
  while (queue.length) {
    const [file, source] = queue.shift()!;
    if (re.test(source)) return true;
    for (const m of source.matchAll(RELATIVE_SPECIFIER)) {
      const target = resolveRelative(file, m[1]);
      if (!target || seen.has(target) || seen.size >= limit) continue;
      seen.add(target);
      try {
        queue.push([target, readFileSync(target, 'utf8')]);
      } catch {
        /* unreadable: skip it */
      }
    }
  }
  return false;
}
