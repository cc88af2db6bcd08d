/**
 * One line of `npm run doctor`'s report. `fail` is something a platform will reject or a feature that will
 * not work (the doctor then exits 1); `warn` deserves a look; `note` is information, such as what to paste where.
 */
export interface Finding {
  level: 'ok' | 'note' | 'warn' | 'fail';
  text: string;
}

export interface Section {
  title: string;
  findings: Finding[];
}

export const ok = (text: string): Finding => ({ level: 'ok', text });
export const note = (text: string): Finding => ({ level: 'note', text });
export const warn = (text: string): Finding => ({ level: 'warn', text });
export const fail = (text: string): Finding => ({ level: 'fail', text });
