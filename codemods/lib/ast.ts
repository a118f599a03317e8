/**
 * Small AST helpers shared by the codemod steps: binding resolution by scope (block-aware, unlike
 * ast-types' function-level scopes), references, imports, module kind.
 *
 * Everything here works on the nodes jscodeshift's `ts`/`tsx` parsers (Babel AST) produce.
 */
import type { ASTNode, ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import type { StepContext } from './step';

export type AnyNode = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export type AnyPath = ASTPath<AnyNode>;

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

export function isFunctionNode(node: AnyNode): boolean {
  return !!node && FUNCTION_TYPES.has(node.type);
}

/** Names bound by a binding pattern (`a`, `{ a, b: c }`, `[d, ...e]`, `f = 1`, `g: T`). */
export function patternNames(pattern: AnyNode, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, out);
      break;
    case 'RestElement':
      patternNames(pattern.argument, out);
      break;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') patternNames(prop.argument, out);
        else patternNames(prop.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const el of pattern.elements) patternNames(el, out);
      break;
    case 'TSParameterProperty':
      patternNames(pattern.parameter, out);
      break;
  }
  return out;
}

/** The name a parameter is written with, or undefined when it is destructured. */
export function paramName(param: AnyNode): string | undefined {
  if (!param) return undefined;
  if (param.type === 'Identifier') return param.name;
  if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') return param.left.name;
  if (param.type === 'TSParameterProperty') return paramName(param.parameter);
  return undefined;
}

/** The Identifier node of a parameter (inside a default value or TS parameter property), if any. */
export function paramIdentifier(param: AnyNode): AnyNode | undefined {
  if (!param) return undefined;
  if (param.type === 'Identifier') return param;
  if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') return param.left;
  if (param.type === 'TSParameterProperty') return paramIdentifier(param.parameter);
  return undefined;
}

export type BindingKind = 'param' | 'var' | 'function' | 'class' | 'import' | 'catch';

export interface Binding {
  kind: BindingKind;
  name: string;
  /** The node that creates the scope holding the binding (function, block, program, for, catch). */
  scope: AnyNode;
  /** param: the function; var: the VariableDeclarator; function/class: the declaration; import: the specifier. */
  node: AnyNode;
  /** param: its index; import: the module source string. */
  index?: number;
  source?: string;
  /** var: the declaration kind (const/let/var). */
  declKind?: string;
}

function declaresInStatement(stmt: AnyNode, name: string, includeVar: boolean, scope: AnyNode): Binding | null {
  if (!stmt) return null;
  switch (stmt.type) {
    case 'VariableDeclaration':
      if (stmt.kind === 'var' && !includeVar) return null;
      for (const d of stmt.declarations) {
        if (patternNames(d.id).includes(name)) return { kind: 'var', name, scope, node: d, declKind: stmt.kind };
      }
      return null;
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
      return stmt.id?.name === name ? { kind: 'function', name, scope, node: stmt } : null;
    case 'ClassDeclaration':
      return stmt.id?.name === name ? { kind: 'class', name, scope, node: stmt } : null;
    case 'ImportDeclaration':
      if (stmt.importKind === 'type') return null;
      for (const s of stmt.specifiers ?? []) {
        if (s.local?.name === name && s.importKind !== 'type') {
          return { kind: 'import', name, scope, node: s, source: String(stmt.source.value) };
        }
      }
      return null;
    case 'TSImportEqualsDeclaration':
      if (stmt.id?.name === name && stmt.moduleReference?.type === 'TSExternalModuleReference') {
        return { kind: 'import', name, scope, node: stmt, source: String(stmt.moduleReference.expression.value) };
      }
      return null;
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      return stmt.declaration ? declaresInStatement(stmt.declaration, name, includeVar, scope) : null;
  }
  return null;
}

/**
 * `var` declarations hoisted to a function or program (not looking into nested functions), scanned
 * once per scope and cached: scanning on every lookup made resolution quadratic in the file size.
 * A cached entry is re-checked on use (a step may have renamed or removed the declaration); a
 * `var` a step adds after the scan is not seen, which no step does.
 */
const hoistedCache = new WeakMap<AnyNode, Map<string, AnyNode>>();

function findHoistedVar(node: AnyNode, name: string, scope: AnyNode): Binding | null {
  let vars = hoistedCache.get(scope);
  if (!vars) {
    vars = scanHoistedVars(node);
    hoistedCache.set(scope, vars);
  }
  const d = vars.get(name);
  if (d && patternNames(d.id).includes(name)) return { kind: 'var', name, scope, node: d, declKind: 'var' };
  return null;
}

function scanHoistedVars(node: AnyNode): Map<string, AnyNode> {
  const out = new Map<string, AnyNode>();
  const visit = (n: AnyNode): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const c of n) visit(c);
      return;
    }
    if (typeof n.type !== 'string') return;
    if (n !== node && isFunctionNode(n)) return;
    if (n.type === 'VariableDeclaration' && n.kind === 'var') {
      for (const d of n.declarations) for (const nm of patternNames(d.id)) if (!out.has(nm)) out.set(nm, d);
    }
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'comments' || key === 'tokens' || key === 'original' || key === 'type') continue;
      const v = n[key];
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(node.body);
  return out;
}

/** Which declaration an identifier (given by its path) resolves to, walking the real scopes. */
export function resolveBinding(path: AnyPath, name: string = path.node.name): Binding | null {
  let p: AnyPath | null = path.parent;
  let child: AnyNode = path.node;
  while (p) {
    const n = p.node;
    if (isFunctionNode(n)) {
      // A function's own parameters, its hoisted vars, and a named function expression's own name.
      const params: AnyNode[] = n.params ?? [];
      for (let i = 0; i < params.length; i++) {
        if (patternNames(params[i]).includes(name)) return { kind: 'param', name, scope: n, node: n, index: i };
      }
      if (child === n.body || params.includes(child)) {
        const hoisted = findHoistedVar(n, name, n);
        if (hoisted) return hoisted;
        if (n.type === 'FunctionExpression' && n.id?.name === name) return { kind: 'function', name, scope: n, node: n };
      }
    } else if (n.type === 'BlockStatement' || n.type === 'StaticBlock' || n.type === 'Program' || n.type === 'TSModuleBlock') {
      const isProgram = n.type === 'Program';
      for (const stmt of n.body) {
        const b = declaresInStatement(stmt, name, isProgram, n);
        if (b) return b;
      }
      if (isProgram) {
        const hoisted = findHoistedVar({ body: n.body }, name, n);
        if (hoisted) return hoisted;
      }
    } else if (n.type === 'SwitchStatement') {
      for (const c of n.cases) {
        for (const stmt of c.consequent) {
          const b = declaresInStatement(stmt, name, false, n);
          if (b) return b;
        }
      }
    } else if (n.type === 'ForStatement' || n.type === 'ForInStatement' || n.type === 'ForOfStatement') {
      const decl = n.type === 'ForStatement' ? n.init : n.left;
      if (decl?.type === 'VariableDeclaration' && decl.kind !== 'var') {
        const b = declaresInStatement(decl, name, false, n);
        if (b) return b;
      }
    } else if (n.type === 'CatchClause') {
      if (n.param && patternNames(n.param).includes(name)) return { kind: 'catch', name, scope: n, node: n };
    } else if (n.type === 'ClassExpression') {
      if (n.id?.name === name) return { kind: 'class', name, scope: n, node: n };
    }
    child = n;
    p = p.parent;
  }
  return null;
}

/** True when an Identifier path is a value reference (not a property key, declaration name, label or type). */
export function isReference(path: AnyPath): boolean {
  const node = path.node;
  const parent = path.parent?.node;
  if (!parent) return true;
  const name = path.name;
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return name !== 'property' || parent.computed;
    case 'ObjectProperty':
    case 'Property':
      if (name === 'key') return parent.computed;
      // `{ req }` in a pattern is a declaration, in an object literal a reference.
      return !isInPattern(path);
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
    case 'TSPropertySignature':
    case 'TSMethodSignature':
      return name === 'key' ? parent.computed : name === 'value';
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
      return false;
    case 'MetaProperty':
      return false;
    case 'TSTypeReference':
    case 'TSQualifiedName':
    case 'TSExpressionWithTypeArguments':
    case 'TSInterfaceHeritage':
    case 'TSTypeQuery':
      return parent.type === 'TSTypeQuery';
    case 'VariableDeclarator':
      return name !== 'id';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return name === 'body';
    case 'CatchClause':
      return name !== 'param';
    case 'AssignmentPattern':
      return name === 'right';
    case 'RestElement':
    case 'ArrayPattern':
      return !isInPattern(path);
    case 'TSEnumMember':
    case 'TSTypeAliasDeclaration':
    case 'TSInterfaceDeclaration':
    case 'TSTypeParameter':
    case 'TSModuleDeclaration':
    case 'TSEnumDeclaration':
      return false;
  }
  // Parameter lists hold the identifier directly.
  if (isFunctionNode(parent) && path.parentPath?.name === 'params') return false;
  return node.type === 'Identifier';
}

function isInPattern(path: AnyPath): boolean {
  let p: AnyPath | null = path.parent;
  let child: AnyPath = path;
  while (p) {
    const t = p.node.type;
    if (t === 'ObjectPattern' || t === 'ArrayPattern') return true;
    if (t === 'ObjectProperty' || t === 'Property' || t === 'RestElement' || t === 'AssignmentPattern') {
      if (t === 'AssignmentPattern' && child.name === 'right') return false;
      child = p;
      p = p.parent;
      continue;
    }
    if (t === 'ObjectExpression' || t === 'ArrayExpression') return false;
    if (t === 'VariableDeclarator') return child.name === 'id';
    if (isFunctionNode(p.node)) return child.parentPath?.name === 'params' || child.name === 'params';
    if (t === 'AssignmentExpression') return child.name === 'left';
    return false;
  }
  return false;
}

/** Every reference (by scope) to the binding `name` declared as parameter `index` of function `fn`. */
export function paramReferences(j: JSCodeshift, fnPath: AnyPath, name: string): AnyPath[] {
  return paramReferencesOf(fnPath, name, identifiersNamed(j, fnPath, name));
}

/** paramReferences for several parameters of the same function, in one walk. */
export function paramReferencesAny(j: JSCodeshift, fnPath: AnyPath, names: readonly string[]): Map<string, AnyPath[]> {
  const out = new Map<string, AnyPath[]>();
  for (const [name, ids] of identifiersNamedAny(j, fnPath, names)) out.set(name, paramReferencesOf(fnPath, name, ids));
  return out;
}

function paramReferencesOf(fnPath: AnyPath, name: string, identifiers: AnyPath[]): AnyPath[] {
  const out: AnyPath[] = [];
  for (const p of identifiers) {
    if (!isReference(p)) continue;
    const b = resolveBinding(p, name);
    if (b && b.kind === 'param' && b.scope === fnPath.node) out.push(p);
  }
  return out;
}

/** Field names per node type, `type` left out, in ast-types' order (PathVisitor's child order). */
const visitorFields = new Map<string, string[]>();
function visitorFieldsOf(types: any, node: any): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  let fields = visitorFields.get(node.type);
  if (!fields) {
    // PathVisitor throws on a type ast-types does not know; so do we.
    if (types.namedTypes[node.type] === undefined) throw new Error(`did not recognize object of type ${JSON.stringify(node.type)}`);
    fields = (types.getFieldNames(node) as string[]).filter((f) => f !== 'type');
    visitorFields.set(node.type, fields);
  }
  return fields;
}

/**
 * One pre-order walk of the plain nodes under `start` in PathVisitor's order (a type's field names,
 * arrays element by element, untyped objects by their own keys), without building NodePaths:
 * `onNode(node, chain)` for every typed node but `start`, `chain` being the keys from `start` (live:
 * slice it to keep it). `comments`: also the hidden `comments` field, as PathVisitor visits it for
 * comment types. `writeDefaults`: write a missing field's default into the node, as PathVisitor does
 * (the printer compares nodes with their originals, so a walk standing in for PathVisitor must).
 * The fast paths of discovery (lib/handlers scanFile), parameter references (identifiersNamedAny)
 * and `Collection.find` (runner/fast-find) all walk with it.
 */
export function walkInVisitorOrder(
  types: any, // eslint-disable-line @typescript-eslint/no-explicit-any
  start: any, // eslint-disable-line @typescript-eslint/no-explicit-any
  onNode: (node: any, chain: (string | number)[]) => void, // eslint-disable-line @typescript-eslint/no-explicit-any
  options: { comments?: boolean; writeDefaults?: boolean } = {},
): void {
  const chain: (string | number)[] = [];
  const hasOwn = Object.prototype.hasOwnProperty;
  const visit = (value: any, isStart: boolean): void => { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        chain.push(i);
        visit(value[i], false);
        chain.pop();
      }
      return;
    }
    let keys: string[];
    if (typeof value.type === 'string') {
      keys = visitorFieldsOf(types, value);
      if (!isStart) onNode(value, chain);
      if (options.writeDefaults) {
        for (let k = 0; k < keys.length; k++) if (!hasOwn.call(value, keys[k])) value[keys[k]] = types.getFieldValue(value, keys[k]);
      }
      if (options.comments && value.comments && !keys.includes('comments')) keys = [...keys, 'comments'];
    } else {
      keys = Object.keys(value);
    }
    for (let k = 0; k < keys.length; k++) {
      const child = value[keys[k]];
      if (child === null || typeof child !== 'object') continue;
      chain.push(keys[k]);
      visit(child, false);
      chain.pop();
    }
  };
  visit(start, true);
}

const isIdentifierType = new Map<string, boolean>();

/**
 * `j(start).find(j.Identifier, { name }).paths()` without the Collection and the generic filter
 * match: the same paths in the same order (ast-types' field order, as PathVisitor and
 * runner/fast-find.ts walk), NodePaths built only for the matches. paramReferences runs once per
 * handler, role and step, which made it the recipe's most frequent walk.
 */
export function identifiersNamed(j: JSCodeshift, start: AnyPath, name: string): AnyPath[] {
  return identifiersNamedAny(j, start, [name]).get(name) ?? [];
}

/** identifiersNamed for several names in one walk: name → its paths, each list in tree order. */
export function identifiersNamedAny(j: JSCodeshift, start: AnyPath, names: readonly string[]): Map<string, AnyPath[]> {
  const types = j.types as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const byName = new Map<string, AnyPath[]>();
  for (const name of names) byName.set(name, []);
  walkInVisitorOrder(types, start.value, (node, chain) => {
    if (typeof node.name !== 'string') return;
    const out = byName.get(node.name);
    if (!out) return;
    let isId = isIdentifierType.get(node.type);
    if (isId === undefined) {
      isId = node.type === 'Identifier';
      if (!isId) {
        try {
          isId = (types.getSupertypeNames(node.type) as string[]).includes('Identifier');
        } catch {
          isId = false;
        }
      }
      isIdentifierType.set(node.type, isId);
    }
    if (!isId) return;
    let p = start;
    for (const key of chain) p = p.get(key);
    out.push(p);
  });
  return byName;
}

/** True when `name` is free to introduce inside `fnPath`: nothing in it refers to or declares another `name`. */
export function nameIsFreeIn(j: JSCodeshift, fnPath: AnyPath, name: string, except?: AnyNode): boolean {
  let free = true;
  j(fnPath)
    .find(j.Identifier, { name })
    .forEach((p: AnyPath) => {
      if (!free) return;
      if (p.node === except) return;
      const parent = p.parent?.node;
      // Property names never clash.
      if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && p.name === 'property' && !parent.computed) return;
      if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && p.name === 'key' && !parent.computed && !parent.shorthand) return;
      if (parent?.type === 'TSPropertySignature' && p.name === 'key') return;
      const b = resolveBinding(p, name);
      if (b && b.kind === 'param' && b.scope === fnPath.node && except === undefined) return;
      free = false;
    });
  return free;
}

/** Renames one reference, keeping shorthand properties (`{ req }` becomes `{ req: request }`). */
export function renameReference(path: AnyPath, newName: string): void {
  const parent = path.parent?.node;
  if (parent && (parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.shorthand && path.name === 'value') {
    parent.shorthand = false;
    parent.key = { ...parent.key, type: 'Identifier', name: path.node.name };
    if (parent.extra) parent.extra = { ...parent.extra, shorthand: false };
  }
  path.node.name = newName;
}

/** Source line of a node (1-based; 0 when unknown, e.g. for a node a step built). */
export function lineOf(node: AnyNode): number {
  return node?.loc?.start?.line ?? 0;
}

export type ModuleKind = 'esm' | 'cjs';

/** ESM when the file has import/export statements (or is .ts/.mts/.mjs without require), else CommonJS.
 * Looks at top-level statements only (one file-wide traversal per call made steps slow). */
export function moduleKind(j: JSCodeshift, root: Collection, filePath: string): ModuleKind {
  void j;
  const body: AnyNode[] = programOf(root)?.body ?? [];
  if (body.some((s) => /^(Import|Export)/.test(s.type))) return 'esm';
  const cjs = body.some((s) => {
    if (s.type === 'VariableDeclaration') return s.declarations.some((d: AnyNode) => isRequireChain(d.init));
    if (s.type === 'ExpressionStatement') {
      const e = s.expression;
      if (isRequireChain(e)) return true;
      if (e.type === 'AssignmentExpression' && e.left.type === 'MemberExpression') {
        const obj = e.left.object;
        return (obj.type === 'Identifier' && (obj.name === 'exports' || obj.name === 'module')) || (obj.type === 'MemberExpression' && obj.object.name === 'module');
      }
    }
    return false;
  });
  if (cjs) return 'cjs';
  return /\.(cjs|cts)$/.test(filePath) || /\.js$/.test(filePath) ? 'cjs' : 'esm';
}

function isRequireChain(init: AnyNode): boolean {
  while (init && (init.type === 'MemberExpression' || (init.type === 'CallExpression' && init.callee.type !== 'Identifier') || init.type === 'AwaitExpression')) {
    init = init.type === 'MemberExpression' ? init.object : init.type === 'AwaitExpression' ? init.argument : init.callee;
  }
  return init?.type === 'CallExpression' && init.callee.name === 'require';
}

/** The Program node without a traversal (`root.find(j.Program)` walks the whole file). */
export function programOf(root: Collection): AnyNode {
  const file = root.get().node as AnyNode;
  return (file.program ?? file) as AnyNode;
}

const SKIP_KEYS = new Set(['loc', 'comments', 'tokens', 'original', 'type', 'extra', 'start', 'end', 'range', 'leadingComments', 'trailingComments', 'innerComments']);

/** A plain recursive walk over nodes (no NodePaths): several times faster than Collection.find. */
export function walk(node: AnyNode, visit: (node: AnyNode, parent: AnyNode | null, key: string) => void | false): void {
  const go = (n: AnyNode, parent: AnyNode | null, key: string): void => {
    if (visit(n, parent, key) === false) return;
    for (const k of Object.keys(n)) {
      if (SKIP_KEYS.has(k)) continue;
      const v = n[k];
      if (!v || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === 'string') go(c, n, k);
      } else if (typeof v.type === 'string') go(v, n, k);
    }
  };
  go(node, null, '');
}

/** Is there any identifier called `name` in `node` (declaration, reference, property, type)? */
export function hasIdentifierNamed(node: AnyNode, name: string): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === 'Identifier' && n.name === name) found = true;
  });
  return found;
}

/**
 * Names used as values or types anywhere under `node`, leaving out import specifiers, declared
 * names, member properties and object keys. Destructured names count as used (conservative).
 */
export function usedNames(node: AnyNode): Set<string> {
  const out = new Set<string>();
  const visit = (n: AnyNode, parent: AnyNode | null, key: string): void | false => {
    if (n.type === 'VariableDeclarator') {
      // The declared pattern is not a use; its default values and the initializer are.
      if (n.id.type !== 'Identifier') walk(n.id, (m, mp, mk) => (mk === 'right' && mp?.type === 'AssignmentPattern' ? (walk(m, visit), false) : undefined));
      if (n.id.typeAnnotation) walk(n.id.typeAnnotation, visit);
      if (n.init) walk(n.init, visit);
      return false;
    }
    if (n.type !== 'Identifier') return;
    if (parent) {
      if (/^Import(Default|Namespace)?Specifier$/.test(parent.type)) return;
      if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && key === 'property' && !parent.computed) return;
      if ((parent.type === 'ObjectProperty' || parent.type === 'Property' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod' || parent.type === 'ClassProperty' || parent.type === 'TSPropertySignature') && key === 'key' && !parent.computed) return;
      if (parent.type === 'VariableDeclarator' && key === 'id') return;
      if ((parent.type === 'FunctionDeclaration' || parent.type === 'ClassDeclaration' || parent.type === 'TSInterfaceDeclaration' || parent.type === 'TSTypeAliasDeclaration') && key === 'id') return;
    }
    out.add(n.name);
  };
  walk(node, visit);
  return out;
}

/** The module steps import the Express adapter from (option `adapterModule`, default `../adapter`,
 * which is right for a module one folder below gateway/; codemods/generate-own-app.ts aims it per file). */
export function adapterModule(ctx: StepContext): string {
  const o = ctx.options.adapterModule;
  return typeof o === 'string' && o ? o : '../adapter';
}

/**
 * Makes `name` from `source` available at the top of the file, once: `import { name } from 'source'`
 * in ESM (merged into an existing import of that source), `const { name } = require('source')` in
 * CommonJS. `typeOnly` adds `import type` (TS/ESM only). Returns false when already there.
 */
export function ensureNamedImport(ctx: StepContext, source: string, name: string, typeOnly = false): boolean {
  const { j, root } = ctx;
  const program = programOf(root);
  const kind = moduleKind(j, root, ctx.file.path);
  if (kind === 'esm') {
    const imports = program.body.filter((s: AnyNode) => s.type === 'ImportDeclaration' && s.source.value === source);
    for (const imp of imports) {
      if ((imp.specifiers ?? []).some((s: AnyNode) => s.type === 'ImportSpecifier' && s.local?.name === name)) return false;
    }
    const mergeable = imports.find(
      (imp: AnyNode) =>
        (imp.importKind === 'type') === typeOnly &&
        !(imp.specifiers ?? []).some((s: AnyNode) => s.type === 'ImportNamespaceSpecifier'),
    );
    const spec = j.importSpecifier(j.identifier(name));
    if (mergeable) {
      mergeable.specifiers = [...(mergeable.specifiers ?? []), spec];
      return true;
    }
    const decl = parseStatement(j, `import ${typeOnly ? 'type ' : ''}{ ${name} } from '${source}';`);
    insertAfterImports(program, decl);
    return true;
  }
  if (typeOnly) return false;
  // CommonJS: look for `const { ... } = require('source')`.
  for (const stmt of program.body) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations) {
      if (d.init?.type === 'CallExpression' && d.init.callee.name === 'require' && d.init.arguments[0]?.value === source) {
        if (d.id.type === 'ObjectPattern' && stmt.declarations.length === 1) {
          if (patternNames(d.id).includes(name)) return false;
          // Rebuilt from text: recast reprints a changed pattern one property per line.
          const props = [...d.id.properties.map((pr: AnyNode) => j(pr).toSource()), name];
          const rebuilt = parseStatement(j, `${stmt.kind} { ${props.join(', ')} } = ${j(d.init).toSource()};`);
          detach(rebuilt);
          rebuilt.comments = stmt.comments;
          program.body[program.body.indexOf(stmt)] = rebuilt;
          refreshDirectives(program);
          return true;
        }
      }
    }
  }
  insertAfterImports(program, parseStatement(j, `const { ${name} } = require('${source}');`));
  return true;
}

/**
 * A statement built from source text. Nodes parsed from text keep that text when recast prints
 * them (built nodes are pretty-printed: recast puts every object literal on several lines).
 */
export function parseStatement(j: JSCodeshift, code: string): AnyNode {
  const program = j(code).find(j.Program).nodes()[0] as AnyNode;
  return program.body[0];
}

/** An expression built from source text (see parseStatement). */
export function parseExpression(j: JSCodeshift, code: string): AnyNode {
  // `_ = x` rather than `(x)`: no parentheses to strip (changing a node makes recast reprint it).
  return parseStatement(j, `_ = ${code};`).expression.right;
}

/**
 * Makes recast print a statement parsed from a snippet as a new statement (its children keep their
 * text): with the snippet's own positions, recast runs it into the line of its neighbour.
 */
export function detach(stmt: AnyNode): AnyNode {
  stmt.loc = null;
  stmt.original = undefined;
  return stmt;
}

/** Inserts a statement after the last import / top-level require, or at the top. */
export function insertAfterImports(program: AnyNode, stmt: AnyNode): void {
  detach(stmt);
  let at = 0;
  program.body.forEach((s: AnyNode, i: number) => {
    if (s.type === 'ImportDeclaration' || s.type === 'TSImportEqualsDeclaration' || isTopLevelRequire(s)) at = i + 1;
  });
  if (at === 0 && program.body[0]) {
    // Keep a leading file comment (license, 'use strict') on top.
    const first = program.body[0];
    if (first.type === 'ExpressionStatement' && first.directive) at = 1;
    else if (first.comments?.length) {
      stmt.comments = first.comments;
      first.comments = null;
    }
  }
  program.body.splice(at, 0, stmt);
  refreshDirectives(program);
}

function isTopLevelRequire(s: AnyNode): boolean {
  if (s.type !== 'VariableDeclaration') return false;
  return s.declarations.every((d: AnyNode) => {
    let init = d.init;
    while (init && (init.type === 'MemberExpression' || (init.type === 'CallExpression' && init.callee.type !== 'Identifier'))) {
      init = init.type === 'MemberExpression' ? init.object : init.callee;
    }
    return init?.type === 'CallExpression' && init.callee.name === 'require';
  });
}

/** True when the identifier `name` is still referenced as a value (or type) anywhere in the file. */
export function isNameUsed(j: JSCodeshift, root: Collection, name: string): boolean {
  void j;
  return usedNames(programOf(root)).has(name);
}

/** Removes import specifiers / destructured require names from `source` that are no longer used. */
export function pruneUnusedImports(j: JSCodeshift, root: Collection, source: string): boolean {
  let changed = false;
  const program = programOf(root);
  if (!program.body.some((st: AnyNode) => (st.type === 'ImportDeclaration' && st.source.value === source) || (st.type === 'VariableDeclaration' && st.declarations.some((d: AnyNode) => d.init?.type === 'CallExpression' && d.init.arguments?.[0]?.value === source)))) {
    return false;
  }
  const used = usedNames(program);
  const isUsed = (name: string): boolean => used.has(name);
  program.body = program.body.filter((stmt: AnyNode) => {
    if (stmt.type === 'ImportDeclaration' && stmt.source.value === source && stmt.specifiers?.length) {
      const kept = stmt.specifiers.filter((s: AnyNode) => isUsed(s.local.name));
      if (kept.length !== stmt.specifiers.length) {
        changed = true;
        if (!kept.length) return keepComments(program, stmt);
        stmt.specifiers = kept;
      }
    }
    if (stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1) {
      const d = stmt.declarations[0];
      if (d.init?.type === 'CallExpression' && d.init.callee.name === 'require' && d.init.arguments[0]?.value === source) {
        if (d.id.type === 'Identifier' && !isUsed(d.id.name)) {
          changed = true;
          return keepComments(program, stmt);
        }
        if (d.id.type === 'ObjectPattern') {
          const kept = d.id.properties.filter((pr: AnyNode) => pr.type !== 'ObjectProperty' || pr.value.type !== 'Identifier' || isUsed(pr.value.name));
          if (kept.length !== d.id.properties.length) {
            changed = true;
            if (!kept.length) return keepComments(program, stmt);
            // Rebuilt from text: a changed pattern is reprinted by recast one property per line.
            const text = `${stmt.kind} { ${kept.map((pr: AnyNode) => j(pr).toSource()).join(', ')} } = ${j(d.init).toSource()};`;
            const rebuilt = parseStatement(j, text);
            rebuilt.comments = stmt.comments;
            stmt.declarations = rebuilt.declarations;
          }
        }
      }
    }
    return true;
  });
  if (changed) refreshDirectives(program);
  return changed;
}

/**
 * recast prints `'use strict';;` when the statement after a directive is removed or replaced; a
 * copy of the directives makes it print them afresh. Call after changing a program's first statements.
 */
export function refreshDirectives(program: AnyNode): void {
  if (program.directives?.length) program.directives = program.directives.map((d: AnyNode) => ({ ...d }));
}

/** When a statement is dropped, its leading comments move to the next statement. */
function keepComments(program: AnyNode, stmt: AnyNode): false {
  const comments = (stmt.comments ?? []).filter((c: AnyNode) => c.leading);
  if (comments.length) {
    const i = program.body.indexOf(stmt);
    const next = program.body[i + 1];
    if (next) next.comments = [...comments, ...(next.comments ?? [])];
  }
  return false;
}

/** Casts a jscodeshift node for places where the builders' types are stricter than the AST. */
export function asNode<T = AnyNode>(n: ASTNode | AnyNode): T {
  return n as T;
}
