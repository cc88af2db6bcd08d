import type { LoadedCorpus } from '../corpus/load-corpus.js';
import type { CorpusDocument, Unit } from '../corpus/types.js';

/**
 * A library made of `copies` copies of every document, each with all its language versions, under new document
 * ids: what the bot would load from a folder of that many documents. Copies are the hardest case for the search
 * (every word is as common as in the original, times the copies) and keep the questions' right answers known.
 */
export function replicateCorpus(corpus: LoadedCorpus, copies: number): LoadedCorpus {
  const documents: CorpusDocument[] = [];
  for (let k = 0; k < copies; k++) {
    for (const doc of corpus.documents) {
      const id = k === 0 ? doc.id : `${doc.id}~${k}`;
      const renamed = (unitId: string) => (k === 0 ? unitId : unitId.replace(`${doc.id}#`, `${id}#`));
      const copy = (u: Unit): Unit => ({ ...u, id: renamed(u.id), docId: id, parentId: u.parentId && renamed(u.parentId), childIds: u.childIds?.map(renamed) });
      const versions = doc.versions.map((v) => ({ meta: { ...v.meta, id }, units: v.units.map(copy), askings: v.askings }));
      documents.push({ ...doc, id, short: k === 0 ? doc.short : `${doc.short}~${k}`, meta: versions[0].meta, units: versions[0].units, versions });
    }
  }
  return { documents, problems: [] };
}
