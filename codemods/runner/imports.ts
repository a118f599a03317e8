/**
 * `--out`: the generated module lives in another folder than the legacy one, so every relative
 * import must be re-aimed. An import of a file that is migrated too (another router of the batch)
 * points at that file's generated twin; everything else (services, models, middleware) points back
 * at the legacy file, so both versions share the app's own code.
 *
 *   legacy-app/routes/users.ts:          import * as usersService from '../services/users.service';
 *   gateway/generated/routes/users.ts:   import * as usersService from '../../../legacy-app/services/users.service';
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import path from 'node:path';
import { insertAfterImports, moduleKind, parseExpression, parseStatement, programOf, resolveBinding, usedNames } from '../lib/ast';
import { resolveRelative } from './discover';

export interface OutLayout {
  /** Absolute folder the inputs are taken relative to. */
  baseDir: string;
  /** Absolute folder the generated files go to. */
  outDir: string;
  /** Absolute paths of the files that get a generated twin under outDir. */
  migrated: ReadonlySet<string>;
}

/** Where a legacy file's generated twin goes. */
export function outPathFor(layout: OutLayout, file: string): string {
  return path.join(layout.outDir, path.relative(layout.baseDir, file));
}

function toSpecifier(fromDir: string, target: string): string {
  let rel = path.relative(fromDir, target).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel;
}

/**
 * The specifier a generated file should use for what `file` imported as `specifier`: the generated
 * twin when there is one (and `preferTwin`), else the legacy file.
 */
export function reaimSpecifier(layout: OutLayout, file: string, specifier: string, preferTwin = true): string {
  if (!specifier.startsWith('.')) return specifier;
  const outDir = path.dirname(outPathFor(layout, file));
  const written = path.resolve(path.dirname(file), specifier);
  const resolved = resolveRelative(file, specifier);
  if (preferTwin && resolved && layout.migrated.has(resolved)) {
    // Keep the specifier's own shape (no extension, or `.js` for a `.ts` file) next to the twin.
    return toSpecifier(outDir, outPathFor(layout, written));
  }
  return toSpecifier(outDir, written);
}

/** A relative specifier from `fromFile`'s folder to `target` (for options such as the adapter module). */
export function specifierFrom(fromFile: string, target: string): string {
  return toSpecifier(path.dirname(fromFile), target);
}

function literalValue(node: any): string | null {
  if (node && (node.type === 'StringLiteral' || node.type === 'Literal') && typeof node.value === 'string') return node.value;
  return null;
}

function setLiteral(node: any, value: string): void {
  node.value = value;
  // Babel keeps the raw text in `extra`; recast prints from it when it still matches the value.
  if (node.extra) {
    const quote = typeof node.extra.raw === 'string' && node.extra.raw.startsWith('"') ? '"' : "'";
    node.extra = { ...node.extra, raw: quote + value + quote, rawValue: value };
  }
  if (typeof node.raw === 'string') node.raw = `'${value}'`;
}

const ADAPTER_WRAPPERS = new Set(['fromExpressMiddleware', 'fromExpressHandler']);

interface ImportSite {
  literal: any;
  /** Local names the import binds (empty for a bare import or an unassigned require). */
  names: string[];
}

/**
 * The module specifiers the file had before any step ran (import/export-from, require(), import(),
 * `import x = require()`), with the names each binds. Captured before the steps so that the imports
 * the steps add (the adapter, fastify types) are never re-aimed.
 */
export function originalImports(j: JSCodeshift, root: Collection): ImportSite[] {
  const sites: ImportSite[] = [];
  root.find(j.Node).forEach((p: any) => {
    const node = p.node;
    switch (node.type) {
      case 'ImportDeclaration':
        sites.push({ literal: node.source, names: (node.specifiers ?? []).map((s: any) => s.local?.name).filter(Boolean) });
        break;
      case 'ExportAllDeclaration':
        sites.push({ literal: node.source, names: [] });
        break;
      case 'ExportNamedDeclaration':
        if (node.source) sites.push({ literal: node.source, names: [] });
        break;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference?.type === 'TSExternalModuleReference') sites.push({ literal: node.moduleReference.expression, names: [node.id.name] });
        break;
      case 'CallExpression':
        if ((node.callee.type === 'Identifier' && node.callee.name === 'require') || node.callee.type === 'Import') {
          const names: string[] = [];
          const decl = p.parent?.node;
          if (decl?.type === 'VariableDeclarator' && decl.init === node) {
            if (decl.id.type === 'Identifier') names.push(decl.id.name);
            if (decl.id.type === 'ObjectPattern') for (const prop of decl.id.properties) if (prop.value?.type === 'Identifier') names.push(prop.value.name);
          }
          sites.push({ literal: node.arguments[0], names });
        }
        break;
      case 'ImportExpression':
        sites.push({ literal: node.source, names: [] });
        break;
    }
  });
  return sites.filter((s) => literalValue(s.literal)?.startsWith('.'));
}

/** Every use of `names` sits inside fromExpressMiddleware(...)/fromExpressHandler(...): the code wants the Express version. */
function onlyBehindAdapter(j: JSCodeshift, root: Collection, names: string[]): boolean {
  if (names.length === 0) return false;
  let uses = 0;
  let wrapped = 0;
  for (const name of names) {
    root.find(j.Identifier, { name }).forEach((p: any) => {
      const parent = p.parent?.node;
      if (!parent || /^Import|^TSImportEquals/.test(parent.type)) return;
      if (parent.type === 'VariableDeclarator' && parent.id === p.node) return;
      if (parent.type === 'ObjectProperty' && parent.key === p.node && !parent.shorthand) return;
      if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return;
      uses += 1;
      for (let up = p.parent; up; up = up.parent) {
        const n = up.node;
        if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && ADAPTER_WRAPPERS.has(n.callee.name)) {
          wrapped += 1;
          break;
        }
        if (/Function|Program/.test(n.type)) break;
      }
    });
  }
  return uses > 0 && uses === wrapped;
}

/**
 * Re-aims the file's original relative imports for its generated twin. An import points at the
 * twin of a migrated module, unless everything it brings in is used behind the Express adapter
 * (middleware wrapped in fromExpressMiddleware wants the legacy Express function, not its migrated
 * twin); everything else points back at the legacy file. Returns true when any changed.
 */
export function rewriteImports(j: JSCodeshift, root: Collection, layout: OutLayout, file: string, sites: readonly ImportSite[]): boolean {
  let changed = false;
  for (const site of sites) {
    const value = literalValue(site.literal);
    if (value === null || !value.startsWith('.')) continue;
    const next = reaimSpecifier(layout, file, value, !onlyBehindAdapter(j, root, site.names));
    if (next !== value) {
      setLiteral(site.literal, next);
      changed = true;
    }
  }
  return changed;
}

/** The local name bound to Node's `path` module (`import path from 'node:path'`, `const path = require('path')`), if any. */
function pathModuleLocal(root: Collection): string | null {
  const program = programOf(root);
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration' && /^(node:)?path$/.test(stmt.source.value) && stmt.importKind !== 'type') {
      const s = (stmt.specifiers ?? []).find((x: any) => x.type === 'ImportDefaultSpecifier' || x.type === 'ImportNamespaceSpecifier');
      if (s) return s.local.name;
    }
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const init = d.init;
        if (d.id.type === 'Identifier' && init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' && /^(node:)?path$/.test(literalValue(init.arguments[0]) ?? '')) return d.id.name;
      }
    }
  }
  return null;
}

/**
 * `__dirname` and `__filename` in the twin would name the generated folder, while the legacy code
 * meant its own (`path.join(__dirname, '..', 'static')` finds the app's files). Each becomes the
 * legacy location, relative to where the twin is written, so the twin reads the same files:
 *
 *   gateway/generated/routes/docs.ts:  path.join(__dirname, '..', 'static')
 *     →  path.join(path.join(__dirname, '../../../legacy-app/routes'), '..', 'static')
 *
 * A `path` import is added when the file has none. Returns true when anything changed.
 */
export function rewriteDirnames(j: JSCodeshift, root: Collection, layout: OutLayout, file: string): boolean {
  const legacyDir = path.dirname(file);
  const twinDir = path.dirname(outPathFor(layout, file));
  if (legacyDir === twinDir) return false;
  const refs = root.find(j.Identifier).filter((p: any) => {
    if (p.node.name !== '__dirname' && p.node.name !== '__filename') return false;
    const parent = p.parent?.node;
    if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parent.key === p.node && !parent.shorthand) return false;
    if (parent?.type === 'VariableDeclarator' && parent.id === p.node) return false;
    // A local of that name (rare) is the code's own: leave it.
    return resolveBinding(p, p.node.name) === null;
  });
  if (refs.length === 0) return false;
  let local = pathModuleLocal(root);
  if (!local) {
    local = usedNames(programOf(root)).has('path') ? 'nodePath' : 'path';
    const program = programOf(root);
    const esm = moduleKind(j, root, file) === 'esm';
    insertAfterImports(program, parseStatement(j, esm ? `import * as ${local} from 'node:path';` : `const ${local} = require('node:path');`));
  }
  const rel = toSpecifier(twinDir, legacyDir).replace(/^\.\//, '') || '.';
  refs.forEach((p: any) => {
    const target = p.node.name === '__dirname' ? `'${rel}'` : `'${path.posix.join(rel, path.basename(file))}'`;
    p.replace(parseExpression(j, `${local}.join(__dirname, ${target})`));
  });
  return true;
}
