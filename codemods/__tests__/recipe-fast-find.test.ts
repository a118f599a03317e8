import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jscodeshift from 'jscodeshift';
import { findImplementations } from '../runner/fast-find';

const REPO = path.resolve(__dirname, '..', '..');
const files = [
  ...readdirSync(path.join(REPO, 'legacy-app', 'routes')).map((f) => path.join(REPO, 'legacy-app', 'routes', f)),
  path.join(REPO, 'legacy-app', 'app.ts'),
  path.join(REPO, 'codemods', 'recipe.ts'),
].filter((f) => f.endsWith('.ts'));

const j = jscodeshift.withParser('ts');
const TYPES = ['Node', 'Identifier', 'CallExpression', 'MemberExpression', 'Function', 'Statement', 'Expression', 'ImportDeclaration', 'TSTypeReference', 'StringLiteral', 'Comment'] as const;

describe('fast find', () => {
  const { original, fast } = findImplementations();

  it.each(files.map((f) => [path.relative(REPO, f), f]))('gives the same NodePaths, in the same order, as jscodeshift (%s)', (_name, file) => {
    const root = j(readFileSync(file, 'utf8'));
    for (const name of TYPES) {
      const type = (j as any)[name];
      const a = (original.call(root, type) as any).paths();
      const b = (fast.call(root, type) as any).paths();
      expect({ name, count: b.length }).toEqual({ name, count: a.length });
      b.forEach((p: unknown, i: number) => expect(p).toBe(a[i]));
    }
    // With a filter, and from inner paths (j(path).find), as the steps use it.
    const fns = (original.call(root, j.Function) as any).paths().slice(0, 20);
    for (const fn of fns) {
      const inner = j(fn);
      const a = (original.call(inner, j.Identifier, { name: 'req' }) as any).paths();
      const b = (fast.call(inner, j.Identifier, { name: 'req' }) as any).paths();
      expect(b.length).toBe(a.length);
      b.forEach((p: unknown, i: number) => expect(p).toBe(a[i]));
    }
  });

  it('is what root.find uses once the recipe is loaded', () => {
    require('../recipe');
    const root = j("const a = 1; f(a);");
    expect(root.find(j.Identifier).size()).toBe(3);
    expect(Object.getPrototypeOf(root).find.typedRegistrations.Node).toBe(fast);
  });
});
