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
  it('takes `lang en` / `lang zh` anywhere after `on`; another language is refused with a code', () => {
    expect(parseCommand('digest on 09:00 Asia/Shanghai lang en')).toEqual({ type: 'digest', digest: { action: 'on', time: '09:00', timeZone: 'Asia/Shanghai', lang: 'en' } });
    expect(parseCommand('digest on lang zh 08:00 PST partnerships')).toEqual({ type: 'digest', digest: { action: 'on', time: '08:00', timeZone: 'America/Los_Angeles', topic: 'partnerships', lang: 'zh' } });
    expect(parseCommand('digest on 名册 LANG English')).toEqual({ type: 'digest', digest: { action: 'on', topic: '名册', lang: 'en' } });
    expect(parseCommand('digest on 09:00 UTC lang fr')).toEqual({ type: 'invalid', code: 'DIGEST_LANG', value: 'fr' });
    expect(parseCommand('digest on lang')).toEqual({ type: 'invalid', code: 'DIGEST_LANG', value: '' });
  });
  it('rejects impossible times and unknown zones with a code', () => {
    expect(parseCommand('digest on 25:00')).toEqual({ type: 'invalid', code: 'DIGEST_TIME', value: '25:00' });
    expect(parseCommand('digest on 9')).toEqual({ type: 'invalid', code: 'DIGEST_TIME', value: '9' });
    expect(parseCommand('digest on 09:00 Mars/Olympus')).toEqual({ type: 'invalid', code: 'DIGEST_ZONE', value: 'Mars/Olympus' });
  });
  it.each([
    ['7:00', '07:00'],
    ['7am', '07:00'],
    ['7:00am', '07:00'],
    ['9am', '09:00'],
    ['7:30pm', '19:30'],
    ['7:30 p.m.', '19:30'],
    ['7 pm', '19:00'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['19h', '19:00'],
    ['19h30', '19:30'],
    ['19.30', '19:30'],
    ['１９：３０', '19:30'],
    ['7点', '07:00'],
    ['下午3点', '15:00'],
    ['晚上7点半', '19:30'],
    ['早上8点15分', '08:15'],
  ])('digest on %s → %s', (written, time) => {
    expect(parseCommand(`digest on ${written}`)).toEqual({ type: 'digest', digest: { action: 'on', time } });
  });
  it.each([
    ['UTC', 'UTC'],
    ['gmt', 'UTC'],
    ['CET', 'Europe/Paris'],
    ['CEST', 'Europe/Paris'],
    ['PST', 'America/Los_Angeles'],
    ['PDT', 'America/Los_Angeles'],
    ['EST', 'America/New_York'],
    ['edt', 'America/New_York'],
    ['JST', 'Asia/Tokyo'],
    ['UTC+8', 'Etc/GMT-8'],
    ['GMT-3', 'Etc/GMT+3'],
    ['北京时间', 'Asia/Shanghai'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['America/Nuuk', 'America/Nuuk'],
    ['america/nuuk', 'America/Nuuk'],
  ])('zone %s → %s', (written, timeZone) => {
    expect(parseCommand(`digest on 08:00 ${written}`)).toEqual({ type: 'digest', digest: { action: 'on', time: '08:00', timeZone } });
  });
  it('takes the time and zone in either order, and the rest as the topic', () => {
    expect(parseCommand('digest on 08:00 PST partnerships')).toEqual({ type: 'digest', digest: { action: 'on', time: '08:00', timeZone: 'America/Los_Angeles', topic: 'partnerships' } });
    expect(parseCommand('digest on JST 7:30pm 名册')).toEqual({ type: 'digest', digest: { action: 'on', time: '19:30', timeZone: 'Asia/Tokyo', topic: '名册' } });
    expect(parseCommand('digest on 2030 议程')).toEqual({ type: 'digest', digest: { action: 'on', topic: '2030 议程' } });
    expect(parseCommand('digest on et cetera')).toEqual({ type: 'digest', digest: { action: 'on', topic: 'et cetera' } });
  });
  it('asks which zone an ambiguous abbreviation means', () => {
    expect(parseCommand('digest on 08:00 CST partnerships')).toEqual({
      type: 'invalid',
      code: 'DIGEST_ZONE_AMBIGUOUS',
      value: 'CST',
      choices: ['America/Chicago', 'Asia/Shanghai'],
      time: '08:00',
      topic: 'partnerships',
    });
    expect(parseCommand('digest on IST')).toMatchObject({ code: 'DIGEST_ZONE_AMBIGUOUS', choices: expect.arrayContaining(['Asia/Kolkata']) });
  });
  it.each(['25:00', '13pm', '0am', '19h75', '7:5', '9', '99999999999999999999:00', '下午13点'])('digest on %s is not a time', (written) => {
    expect(parseCommand(`digest on ${written}`)).toMatchObject({ type: 'invalid', code: 'DIGEST_TIME' });
  });
  it.each(['Mars/Olympus', 'UTC+05:30', 'UTC+15'])('digest on 09:00 %s is not a zone', (written) => {
    expect(parseCommand(`digest on 09:00 ${written}`)).toEqual({ type: 'invalid', code: 'DIGEST_ZONE', value: written });
  });
  it('anything else is a query', () => {
    expect(parseCommand(' 如何利用外部专家？ ')).toEqual({ type: 'query', text: '如何利用外部专家？' });
    expect(parseCommand('digestive health')).toEqual({ type: 'query', text: 'digestive health' });
  });
});
