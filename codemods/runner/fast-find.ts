/**
 * A faster `Collection.find` for jscodeshift, same results.
 *
 * jscodeshift's `find(type, filter)` walks the tree with ast-types' PathVisitor, which builds a
 * NodePath for every node it passes. The steps call `find` dozens of times per file (each looks for
 * handlers, then for the references of each handler's parameters), and the profile of the recipe
 * over the generated corpus showed more than half of the time in PathVisitor. This walk visits the
 * plain nodes in the same order (the type's field names, as PathVisitor does) and builds NodePaths
 * only for matches, through `parent.get(key)` — the same cached NodePath objects PathVisitor would
 * have returned, so identity, `.parent`, `.scope` and replacements behave as before.
 *
 * Equivalence is checked by codemods/__tests__/recipe-fast-find.test.ts (same paths for every
 * node type over real files) and by comparing the recipe's output over the generated corpus with
 * and without it (`MIGRATE_FAST_FIND=0` turns it off).
 */
import * as recast from 'recast';
import { walkInVisitorOrder } from '../lib/ast';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Collection = require('jscodeshift/src/Collection') as { fromPaths(paths: unknown[], parent: unknown, type: unknown): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const matchNode = require('jscodeshift/src/matchNode') as (value: unknown, filter: unknown) => boolean;

const astTypes = recast.types as any;

/** Does a node of type `nodeType` get `visit<typeName>`? (typeName is it or one of its supertypes.) */
const matchCache = new Map<string, Map<string, boolean>>();
function matcherFor(typeName: string): (nodeType: string) => boolean {
  let cache = matchCache.get(typeName);
  if (!cache) matchCache.set(typeName, (cache = new Map()));
  const known = cache;
  return (nodeType) => {
    let hit = known.get(nodeType);
    if (hit === undefined) {
      try {
        hit = nodeType === typeName || (astTypes.getSupertypeNames(nodeType) as string[]).includes(typeName);
      } catch {
        hit = false;
      }
      known.set(nodeType, hit);
    }
    return hit;
  };
}

function typeMatches(typeName: string, nodeType: string): boolean {
  return matcherFor(typeName)(nodeType);
}

/**
 * The key chains (relative to `start`) of the nodes under it that match, the start node itself
 * never one, in PathVisitor's order (lib/ast walkInVisitorOrder; `comments` too when looking for
 * comment types, as PathVisitor does). Unlike PathVisitor, it writes no missing field defaults into
 * the nodes it passes (they hold no nodes).
 */
function collect(start: any, typeName: string, filter: unknown, found: (chain: (string | number)[]) => void): void {
  const matches = matcherFor(typeName);
  walkInVisitorOrder(
    astTypes,
    start,
    (node, chain) => {
      if (matches(node.type) && (!filter || matchNode(node, filter))) found(chain.slice());
    },
    { comments: typeMatches(typeName, 'Block') || typeMatches(typeName, 'Line') },
  );
}

function fastFind(this: any, type: { toString(): string }, filter?: unknown): unknown {
  const typeName = type.toString();
  const paths: any[] = [];
  for (const start of this.__paths as any[]) {
    collect(start.value, typeName, filter, (chain) => {
      let path = start;
      for (const key of chain) path = path.get(key);
      paths.push(path);
    });
  }
  return Collection.fromPaths(paths, this, type);
}

let installed = false;
let original: ((this: any, type: unknown, filter?: unknown) => unknown) | null = null;

/** jscodeshift's own find and the fast one, side by side (for the equivalence test). */
export function findImplementations(): { original: typeof fastFind; fast: typeof fastFind } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jscodeshift = require('jscodeshift');
  const registrations = Object.getPrototypeOf(jscodeshift('')).find.typedRegistrations;
  return { original: (original ?? registrations.Node) as typeof fastFind, fast: fastFind };
}

/** Swaps jscodeshift's `find` for the fast one (once per process). `MIGRATE_FAST_FIND=0` keeps the original. */
export function installFastFind(): boolean {
  if (installed) return true;
  if (process.env.MIGRATE_FAST_FIND === '0') return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jscodeshift = require('jscodeshift');
  const proto = Object.getPrototypeOf(jscodeshift(''));
  const registrations = proto.find?.typedRegistrations;
  if (!registrations || typeof registrations.Node !== 'function') return false;
  original = registrations.Node;
  registrations.Node = fastFind;
  installed = true;
  return true;
}
