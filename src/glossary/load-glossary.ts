import type { QueryExpander } from '../search/query-plan.js';

/** Placeholder replaced in the glossary step below. */
export function loadGlossaryExpander(_dir: string): QueryExpander | undefined {
  return undefined;
}
