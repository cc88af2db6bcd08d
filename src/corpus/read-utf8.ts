import { readFileSync } from 'node:fs';
import { BotError } from '../errors.js';

/** A corpus file's text; bytes that are not UTF-8 refuse the file by name rather than load as mojibake. */
export function readUtf8(path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    if (err instanceof TypeError) throw new BotError('CORPUS_FILE_INVALID', `${path}: not valid UTF-8 text`);
    throw err;
  }
}
