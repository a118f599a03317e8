/**
 * `--out`: the generated module lives in another folder than the legacy one, so every relative
 * import must be re-aimed. An import of a file that is migrated too (another router of the batch)
 * points at that file's generated twin; everything else (services, models, middleware) points back
 * at the legacy file, so both versions share the app's own code.
 *
 *   legacy-app/routes/users.ts:   import { UserService } from '../services/users';
 *   gateway/migrated/users.ts:    import { UserService } from '../../legacy-app/services/users';
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import path from 'node:path';
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

/** The specifier a generated file at `outFile` should use for what `file` imported as `specifier`. */
export function reaimSpecifier(layout: OutLayout, file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const outDir = path.dirname(outPathFor(layout, file));
  const written = path.resolve(path.dirname(file), specifier);
  const resolved = resolveRelative(file, specifier);
  if (resolved && layout.migrated.has(resolved)) {
    // Keep the specifier's own shape (no extension, or `.js` for a `.ts` file) next to the twin.
    return toSpecifier(outDir, outPathFor(layout, written));
  }
  return toSpecifier(outDir, written);
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

/** Re-aims every relative import/export/require/import() in the tree. Returns true when any changed. */
export function rewriteImports(j: JSCodeshift, root: Collection, layout: OutLayout, file: string): boolean {
  let changed = false;
  const fix = (lit: any) => {
    const value = literalValue(lit);
    if (value === null || !value.startsWith('.')) return;
    const next = reaimSpecifier(layout, file, value);
    if (next !== value) {
      setLiteral(lit, next);
      changed = true;
    }
  };
  root.find(j.Node).forEach((p: any) => {
    const node = p.node;
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        fix(node.source);
        break;
      case 'ExportNamedDeclaration':
        if (node.source) fix(node.source);
        break;
      case 'TSExternalModuleReference':
        fix(node.expression);
        break;
      case 'CallExpression':
        if ((node.callee.type === 'Identifier' && node.callee.name === 'require') || node.callee.type === 'Import') {
          fix(node.arguments[0]);
        } else if (
          node.callee.type === 'MemberExpression' &&
          node.callee.object.type === 'Identifier' &&
          node.callee.object.name === 'jest' &&
          node.callee.property.type === 'Identifier' &&
          node.callee.property.name === 'mock'
        ) {
          fix(node.arguments[0]);
        }
        break;
      case 'ImportExpression':
        fix(node.source);
        break;
    }
  });
  return changed;
}
