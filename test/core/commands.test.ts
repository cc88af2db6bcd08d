import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.js';

describe('parseCommand', () => {
  it.each(['', 'help', 'HELP', '帮助', '?'])('%j → help', (t) => expect(parseCommand(t)).toEqual({ type: 'help' }));
  it.each(['list', '目录', 'LIST'])('%j → list', (t) => expect(parseCommand(t)).toEqual({ type: 'list' }));
  it('parses digest subcommands', () => {
    expect(parseCommand('digest on')).toEqual({ type: 'digest', digest: { action: 'on' } });
    expect(parseCommand('digest on 08:30 Asia/Shanghai 伙伴关系')).toEqual({
      type: 'digest',
      digest: { action: 'on', time: '08:30', timeZone: 'Asia/Shanghai', topic: '伙伴关系' },
    });
    expect(parseCommand('digest on 7:05 utc')).toEqual({ type: 'digest', digest: { action: 'on', time: '07:05', timeZone: 'UTC' } });
    expect(parseCommand('digest on europe/vienna trust funds')).toEqual({
      type: 'digest',
      digest: { action: 'on', timeZone: 'Europe/Vienna', topic: 'trust funds' },
    });
    expect(parseCommand('digest off')).toEqual({ type: 'digest', digest: { action: 'off' } });
    expect(parseCommand('digest status')).toEqual({ type: 'digest', digest: { action: 'status' } });
    expect(parseCommand('digest now')).toEqual({ type: 'digest', digest: { action: 'now' } });
    expect(parseCommand('digest')).toEqual({ type: 'digest', digest: { action: 'help' } });
    expect(parseCommand('摘要 开启 09:00')).toEqual({ type: 'digest', digest: { action: 'on', time: '09:00' } });
  });
  it('rejects impossible times and unknown zones with a code', () => {
    expect(parseCommand('digest on 25:00')).toEqual({ type: 'invalid', code: 'DIGEST_TIME', value: '25:00' });
    expect(parseCommand('digest on 9')).toEqual({ type: 'invalid', code: 'DIGEST_TIME', value: '9' });
    expect(parseCommand('digest on 09:00 Mars/Olympus')).toEqual({ type: 'invalid', code: 'DIGEST_ZONE', value: 'Mars/Olympus' });
  });
  it('anything else is a query', () => {
    expect(parseCommand(' 如何利用外部专家？ ')).toEqual({ type: 'query', text: '如何利用外部专家？' });
    expect(parseCommand('digestive health')).toEqual({ type: 'query', text: 'digestive health' });
  });
});
