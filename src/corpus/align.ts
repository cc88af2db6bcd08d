import type { Unit } from './types.js';

const SHOWN = 6;

/**
 * Why a translation does not align with its original, or undefined when every unit of the original has a
 * counterpart of the same kind and no other references appear.
 */
export function alignmentFaults(original: Unit[], translation: Unit[]): string | undefined {
  const theirs = new Map(translation.map((u) => [u.ref, u]));
  const ours = new Set(original.map((u) => u.ref));
  const missing = original.filter((u) => theirs.get(u.ref)?.kind !== u.kind).map((u) => u.ref);
  const extra = translation.filter((u) => !ours.has(u.ref)).map((u) => u.ref);
  const faults = [
    missing.length ? `missing ${list(missing)}` : '',
    extra.length ? `extra ${list(extra)}` : '',
  ].filter(Boolean);
  return faults.length ? faults.join('; ') : undefined;
}

function list(refs: string[]): string {
  return refs.length > SHOWN ? `${refs.slice(0, SHOWN).join(', ')} and ${refs.length - SHOWN} more` : refs.join(', ');
}
