import * as OpenCC from 'opencc-js/t2cn';

/**
 * Traditional → Simplified characters (OpenCC's Taiwan table), so 安全部門 and 經費 search like 安全部门 and 经费.
 * Character-level tables only: the phrase tables would also rewrite Simplified text (文件 → 文档). Converting the
 * document with it changes nothing (a test checks), so only questions are converted.
 */
const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function toSimplified(text: string): string {
  return /\p{Script=Han}/u.test(text) ? convert(text) : text;
}
