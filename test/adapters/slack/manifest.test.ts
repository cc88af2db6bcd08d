import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { templateText, validateSlackManifest, type SlackManifest } from '../../../adapters/slack/manifest.js';
import { BOT_SCOPES } from '../../../adapters/slack/scopes.js';
import { runNpm } from '../../helpers/run-npm.js';

const dir = mkdtempSync(join(tmpdir(), 'ssr-slack-manifest-'));

/** Runs `npm run slack:manifest -- ARGS` as an admin would; returns the written manifest and the output. */
async function generate(args: string[], env: Record<string, string> = {}) {
  const out = join(dir, `${args.join('_').replace(/\W+/gu, '_')}.yml`);
  const run = await runNpm('slack:manifest', [...args, '--out', out], { env });
  const text = run.code === 0 ? readFileSync(out, 'utf8') : '';
  return { run, text, manifest: (text ? parse(text) : undefined) as SlackManifest };
}

const clone = (m: SlackManifest): SlackManifest => structuredClone(m);

describe('the Slack manifest template (adapters/slack/manifest.yml)', () => {
  const template = parse(templateText()) as SlackManifest;

  it('passes every rule, with the placeholder host allowed only in the template', () => {
    expect(validateSlackManifest(template, { template: true })).toEqual([]);
    expect(validateSlackManifest(template).join('\n')).toMatch(/still has the template's placeholder https:\/\/YOUR-HOST/u);
  });

  it('asks for exactly the scopes adapters/slack/scopes.ts explains, digest reconciliation included', () => {
    expect([...template.oauth_config.scopes.bot].sort()).toEqual(Object.keys(BOT_SCOPES).sort());
    expect(template.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'app_mentions:read', 'chat:write', 'im:history', 'channels:history', 'groups:history']));
  });
});

describe('npm run slack:manifest', () => {
  it('--url fills the three request URLs and passes the rules', async () => {
    const { run, text, manifest } = await generate(['--url', 'https://bot.example.org/']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('https://bot.example.org/slack/events');
    expect(text).not.toContain('YOUR-HOST');
    expect(manifest.features.slash_commands![0]).toMatchObject({ command: '/ssr', url: 'https://bot.example.org/slack/events', should_escape: false });
    expect(manifest.settings.event_subscriptions!.request_url).toBe('https://bot.example.org/slack/events');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://bot.example.org/slack/events' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(validateSlackManifest(manifest)).toEqual([]);
    expect(text.split('\n')[0]).toMatch(/^# ssr-bot Slack app manifest for HTTP mode/u);
  });

  it('keeps a path prefix behind a proxy and takes the command from SLACK_COMMAND', async () => {
    const { manifest } = await generate(['--url', 'https://proxy.example.net/bots/ssr'], { SLACK_COMMAND: '/un-ssr' });
    expect(manifest.settings.event_subscriptions!.request_url).toBe('https://proxy.example.net/bots/ssr/slack/events');
    expect(manifest.features.slash_commands![0].command).toBe('/un-ssr');
    expect(validateSlackManifest(manifest)).toEqual([]);
  });

  it('--socket-mode has no request URLs and turns Socket Mode on', async () => {
    const { run, text, manifest } = await generate(['--socket-mode']);
    expect(run.code, run.stderr).toBe(0);
    expect(text).not.toMatch(/YOUR-HOST|request_url|url:/u);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.settings.event_subscriptions!.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    expect(validateSlackManifest(manifest)).toEqual([]);
  });

  it.each([
    [['--url', 'http://bot.example.org'], /must start with https:\/\//u],
    [['--url', 'bot.example.org'], /is not a URL/u],
    [[], /give either --url \(HTTP mode\) or --socket-mode/u],
    [['--url', 'https://bot.example.org', '--socket-mode'], /give either/u],
    [['--socket-mode', '--command', 'ssr'], /slash command "ssr" must be \/ followed by/u],
  ])('refuses %j with a reason', async (args, reason) => {
    const { run } = await generate(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(reason);
  });
});

describe('the manifest rules catch what Slack would refuse or what would leave a feature dead', () => {
  let manifest: SlackManifest;
  beforeAll(async () => {
    ({ manifest } = await generate(['--url', 'https://bot.example.org']));
  });

  it.each([
    ['a long name', (m: SlackManifest) => void (m.display_information.name = 'x'.repeat(36)), /name must have 1–35/u],
    ['a long description', (m: SlackManifest) => void (m.display_information.description = 'x'.repeat(141)), /description must have at most 140/u],
    ['an upper-case bot name', (m: SlackManifest) => void (m.features.bot_user.display_name = 'SSR Bot'), /display_name/u],
    ['a plain-http URL', (m: SlackManifest) => void (m.settings.event_subscriptions!.request_url = 'http://bot.example.org/slack/events'), /must be an https URL ending in \/slack\/events/u],
    ['a wrong path', (m: SlackManifest) => void (m.settings.interactivity!.request_url = 'https://bot.example.org/events'), /ending in \/slack\/events/u],
    ['a missing scope', (m: SlackManifest) => void (m.oauth_config.scopes.bot = m.oauth_config.scopes.bot.filter((s) => s !== 'channels:history')), /bot scope channels:history is missing \(digest reconciliation/u],
    ['an event without its scope', (m: SlackManifest) => void (m.oauth_config.scopes.bot = m.oauth_config.scopes.bot.filter((s) => s !== 'im:history')), /event message\.im needs the bot scope im:history/u],
    ['an extra scope', (m: SlackManifest) => void m.oauth_config.scopes.bot.push('users:read'), /users:read is not one the bot uses/u],
    ['URLs left in Socket Mode', (m: SlackManifest) => void (m.settings.socket_mode_enabled = true), /must not carry request URLs/u],
    ['buttons switched off', (m: SlackManifest) => void (m.settings.interactivity!.is_enabled = false), /interactivity\.is_enabled/u],
    ['escaped command text', (m: SlackManifest) => void (m.features.slash_commands![0].should_escape = true), /should_escape: false/u],
  ])('%s', (_name, spoil, problem) => {
    const m = clone(manifest);
    spoil(m);
    expect(validateSlackManifest(m).join('\n')).toMatch(problem);
  });
});
