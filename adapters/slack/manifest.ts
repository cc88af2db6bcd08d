import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { SLACK_EVENTS_PATH } from '../public-url.js';
import { BOT_EVENTS, BOT_SCOPES } from './scopes.js';

/**
 * The Slack app manifest, made from the one template (manifest.yml, comments kept) for HTTP — the three
 * request URLs filled in — or Socket Mode — no URLs, socket_mode_enabled: true — and checked against the
 * rules Slack applies when the manifest is pasted, so a generated manifest is one Slack accepts.
 */
const TEMPLATE = new URL('./manifest.yml', import.meta.url);
export const TEMPLATE_ORIGIN = 'https://YOUR-HOST';

export type SlackMode = { kind: 'http'; baseUrl: string } | { kind: 'socket' };

/** The parts of Slack's manifest this app uses (https://api.slack.com/reference/manifests). */
export interface SlackManifest {
  display_information: { name: string; description?: string; long_description?: string; background_color?: string };
  features: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean };
    bot_user: { display_name: string; always_online?: boolean };
    slash_commands?: { command: string; url?: string; description: string; usage_hint?: string; should_escape?: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
  };
}

const URL_PATHS = [
  ['features', 'slash_commands', 0, 'url'],
  ['settings', 'event_subscriptions', 'request_url'],
  ['settings', 'interactivity', 'request_url'],
] as const;

export function templateText(): string {
  return readFileSync(TEMPLATE, 'utf8');
}

/** The manifest as YAML to paste, with a header saying how it was made. */
export function buildSlackManifest(mode: SlackMode, command = '/ssr'): string {
  const doc = parseDocument(templateText());
  doc.contents!.commentBefore = null;
  for (const path of URL_PATHS) {
    if (mode.kind === 'http') doc.setIn(path, `${mode.baseUrl}${SLACK_EVENTS_PATH}`);
    else doc.deleteIn(path);
  }
  doc.setIn(['settings', 'socket_mode_enabled'], mode.kind === 'socket');
  doc.setIn(['features', 'slash_commands', 0, 'command'], command);
  doc.commentBefore =
    mode.kind === 'http'
      ? ` ssr-bot Slack app manifest for HTTP mode: Slack sends every request to ${mode.baseUrl}${SLACK_EVENTS_PATH}.\n Paste it in https://api.slack.com/apps → Create New App → From an app manifest (README → Slack → HTTP mode).`
      : ' ssr-bot Slack app manifest for Socket Mode: no request URLs; the bot connects out with SLACK_APP_TOKEN.\n Paste it in https://api.slack.com/apps → Create New App → From an app manifest (README → Slack → Socket Mode).';
  return doc.toString({ lineWidth: 0 });
}

/**
 * What Slack would refuse, or what would leave a feature dead, in a manifest: field limits, https request URLs
 * ending in /slack/events (none in Socket Mode), the events and scopes the adapter relies on. `template: true`
 * accepts the template's https://YOUR-HOST placeholder.
 */
export function validateSlackManifest(m: SlackManifest, options: { template?: boolean } = {}): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const info = m.display_information;
  check(info.name.length >= 1 && info.name.length <= 35, 'display_information.name must have 1–35 characters');
  check((info.description ?? '').length <= 140, 'display_information.description must have at most 140 characters');
  const long = info.long_description;
  if (long !== undefined) check(long.length >= 175 && long.length <= 4000, 'display_information.long_description must have 175–4000 characters');
  check(info.background_color === undefined || /^#[0-9a-f]{6}$/iu.test(info.background_color), 'display_information.background_color must be #RRGGBB');
  const bot = m.features.bot_user;
  check(/^[a-z0-9._-]{1,80}$/u.test(bot.display_name), 'features.bot_user.display_name must be 1–80 lowercase letters, digits, periods, hyphens or underscores');
  check(m.features.app_home?.home_tab_enabled === true, 'features.app_home.home_tab_enabled must be true (the App Home tab)');

  const commands = m.features.slash_commands ?? [];
  check(commands.length === 1, 'features.slash_commands must declare the one slash command');
  const command = commands[0];
  if (command) {
    check(/^\/[a-z0-9_-]{1,31}$/u.test(command.command), `slash command "${command.command}" must be / followed by 1–31 lowercase letters, digits, - or _`);
    check(command.should_escape === false, 'the slash command must set should_escape: false (the bot reads the raw text)');
    check(command.description.length >= 1 && command.description.length <= 2000, 'the slash command description must have 1–2000 characters');
  }

  const events = m.settings.event_subscriptions;
  check(
    JSON.stringify([...(events?.bot_events ?? [])].sort()) === JSON.stringify(Object.keys(BOT_EVENTS).sort()),
    `settings.event_subscriptions.bot_events must be ${Object.keys(BOT_EVENTS).sort().join(', ')}`,
  );
  const scopes = m.oauth_config.scopes.bot;
  for (const [event, scope] of Object.entries(BOT_EVENTS)) {
    if (scope) check(scopes.includes(scope), `event ${event} needs the bot scope ${scope}`);
  }
  for (const [scope, use] of Object.entries(BOT_SCOPES)) check(scopes.includes(scope), `bot scope ${scope} is missing (${use.feature})`);
  for (const scope of scopes) check(scope in BOT_SCOPES, `bot scope ${scope} is not one the bot uses (adapters/slack/scopes.ts)`);
  check(m.settings.interactivity?.is_enabled === true, 'settings.interactivity.is_enabled must be true (the answer buttons)');

  const urls = [command?.url, events?.request_url, m.settings.interactivity?.request_url];
  if (m.settings.socket_mode_enabled) {
    check(urls.every((u) => u === undefined), 'in Socket Mode the manifest must not carry request URLs');
  } else {
    for (const url of urls) {
      const ok = typeof url === 'string' && /^https:\/\/[^\s/?#]+(?:\/[^\s?#]*)?\/slack\/events$/u.test(url);
      check(ok, `request URL ${url ?? '(missing)'} must be an https URL ending in ${SLACK_EVENTS_PATH}`);
      if (ok && !options.template) check(!url.startsWith(TEMPLATE_ORIGIN), `request URL ${url} still has the template's placeholder ${TEMPLATE_ORIGIN}`);
    }
  }
  return problems;
}
