import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { loadGlossary } from '../../src/glossary/load-glossary.js';
import { CORPUS_DIR } from '../helpers/bot.js';

function dirWithDocument(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssr-corpus-'));
  copyFileSync(join(CORPUS_DIR, 'ssr-sustaining-peace-2017.zh.txt'), join(dir, 'ssr-sustaining-peace-2017.zh.txt'));
  copyFileSync(join(CORPUS_DIR, 'ssr-sustaining-peace-2017.zh.meta.json'), join(dir, 'ssr-sustaining-peace-2017.zh.meta.json'));
  return dir;
}

describe('loadCorpus', () => {
  it('loads the shipped document with its metadata', () => {
    const c = loadCorpus(CORPUS_DIR);
    expect(c.problems).toEqual([]);
    expect(c.documents).toHaveLength(1);
    expect(c.documents[0].meta).toMatchObject({ id: 'ssr2017', date: '2017-10-03', language: 'zh' });
  });

  it('loads any number of documents and reports bad files by name while the others load', () => {
    const dir = dirWithDocument();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]));
    writeFileSync(join(dir, 'second.txt'), '标题\n\n1. 第一段。\n2. 第二段。\n');
    writeFileSync(join(dir, 'broken.txt'), '1. 段落。');
    writeFileSync(join(dir, 'broken.meta.json'), '{not json');
    const c = loadCorpus(dir);
    expect(c.documents.map((d) => d.meta.id).sort()).toEqual(['second', 'ssr2017']);
    const files = c.problems.map((p) => p.file).sort();
    expect(files).toEqual([join(dir, 'binary.txt'), join(dir, 'broken.txt'), join(dir, 'empty.txt')]);
    expect(c.problems.find((p) => p.file.endsWith('empty.txt'))!.message).toMatch(/empty/u);
    expect(c.problems.find((p) => p.file.endsWith('binary.txt'))!.message).toMatch(/UTF-8/u);
    expect(c.problems.find((p) => p.file.endsWith('broken.txt'))!.message).toMatch(/broken\.meta\.json/u);
  });

  it('reads how people ask for each passage beside the document, reporting bad lines by number while the rest loads', () => {
    const dir = dirWithDocument();
    const askings = join(dir, 'ssr-sustaining-peace-2017.zh.askings.tsv');
    writeFileSync(askings, ['\uFEFF# comment, after a byte-order mark', '13(d)-1\t别等人都派下去了才合作| 早点碰头 |', '', '13(z)\t没有这一条', 'no tab here', '8\t', '13(d)-1\t提前介入'].join('\n'));
    const c = loadCorpus(dir);
    expect(c.documents[0].askings).toEqual(new Map([['13(d)-1', ['别等人都派下去了才合作', '早点碰头', '提前介入']]]));
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0].file).toBe(askings);
    expect(c.problems[0].message).toMatch(/line 4: "13\(z\)" is no searchable passage.*line 5: expected "ref<TAB>phrasing.*line 6: no phrasing/su);
    // Not a glossary: the thesaurus reads the other .tsv files only.
    expect(loadGlossary(dir).size).toBe(0);
  });

  it('loads the document without its askings when the askings file cannot be read, and says which file', () => {
    const unreadable = dirWithDocument();
    mkdirSync(join(unreadable, 'ssr-sustaining-peace-2017.zh.askings.tsv'));
    const binary = dirWithDocument();
    writeFileSync(join(binary, 'ssr-sustaining-peace-2017.zh.askings.tsv'), Buffer.from([0x31, 0x33, 0x09, 0xff, 0xfe, 0x00]));
    for (const dir of [unreadable, binary]) {
      const c = loadCorpus(dir);
      expect(c.documents.map((d) => d.id)).toEqual(['ssr2017']);
      expect(c.documents[0].askings).toBeUndefined();
      expect(c.problems.map((p) => p.file)).toEqual([join(dir, 'ssr-sustaining-peace-2017.zh.askings.tsv')]);
    }
    expect(loadCorpus(binary).problems[0].message).toMatch(/not valid UTF-8/u);
  });

  it('reads old Mac line ends, and reports a file of garbage in a few lines', () => {
    const dir = dirWithDocument();
    const askings = join(dir, 'ssr-sustaining-peace-2017.zh.askings.tsv');
    writeFileSync(askings, '# comment\r8\t多家机构撞车\r13(a)\t仗没打完怎么帮');
    expect(loadCorpus(dir).documents[0].askings).toEqual(new Map([['8', ['多家机构撞车']], ['13(a)', ['仗没打完怎么帮']]]));
    writeFileSync(askings, Array.from({ length: 500 }, (_, i) => `garbage ${i}`).join('\n'));
    const message = loadCorpus(dir).problems[0].message;
    expect(message.split('; ')).toHaveLength(11);
    expect(message).toMatch(/and 490 more lines like these$/u);
  });

  it('fails with a fix-it message when nothing loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssr-corpus-'));
    writeFileSync(join(dir, 'empty.txt'), '   ');
    expect(() => loadCorpus(dir)).toThrow(/No document could be loaded.*empty\.txt/su);
    expect(() => loadCorpus(join(dir, 'missing'))).toThrow(/CORPUS_DIR/u);
  });
});
