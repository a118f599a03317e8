/**
 * The whole recipe as one jscodeshift transform, for jscodeshift's own runner:
 *
 *   npx jscodeshift -t codemods/recipe-transform.ts --parser=ts legacy-app/routes
 *
 * Option `--steps=a,b` picks steps by name. `npm run migrate` is faster (it uses every core and
 * writes the migration report); this exists so the recipe works wherever a jscodeshift transform does.
 */
import type { API, FileInfo, Options } from 'jscodeshift';
import { TODO_MARKER } from './lib/step';
import { migrateSource } from './recipe';
import { steps as allSteps } from './steps';

export default function recipeTransform(file: FileInfo, api: API, options: Options): string | undefined {
  const wanted = typeof options.steps === 'string' ? new Set(options.steps.split(',').map((s) => s.trim())) : null;
  const steps = wanted ? allSteps.filter((s) => wanted.has(s.name)) : allSteps;
  const result = migrateSource(file.source, file.path, { steps, stepOptions: options });
  // api.report is missing in jscodeshift's test helpers.
  const say = typeof api.report === 'function' ? api.report : null;
  if (result.error) {
    if (say) say(`skipped: ${result.error.split('\n')[0]}`);
    return undefined;
  }
  if (say) for (const todo of result.report.todos) say(`${file.path}:${todo.line} ${TODO_MARKER}: ${todo.message}`);
  return result.changed ? result.output : undefined;
}
