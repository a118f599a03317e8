/**
 * The recipe's steps, in the order they run on one shared tree: structure first (route
 * registration, router → plugin, path syntax, handler signature), then the API calls inside the
 * handlers, the adapter fallback last (it wraps whatever the earlier steps could not migrate).
 */
import type { Step } from './lib/step';
// API calls inside handlers.
import { step as resJsonToReplySend } from './res-json-to-reply-send';

export const steps: readonly Step[] = [resJsonToReplySend];

export function stepNames(): string[] {
  return steps.map((s) => s.name);
}
