import { BotError } from '../src/errors.js';

/**
 * The bot's public HTTPS base address as an admin types it (`--url https://bot.example.org`, maybe with a path
 * prefix behind a proxy), checked and without a trailing slash. Slack and Teams only call HTTPS addresses.
 */
export function publicBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BotError('CONFIG_INVALID', `--url "${raw}" is not a URL: give the public HTTPS address that reaches this bot's PORT, e.g. --url https://bot.example.org`);
  }
  if (url.protocol !== 'https:') throw new BotError('CONFIG_INVALID', `--url "${raw}" must start with https:// — Slack and Teams call only HTTPS addresses (put a TLS reverse proxy or tunnel in front of PORT).`);
  if (url.search || url.hash || url.username || url.password) throw new BotError('CONFIG_INVALID', `--url "${raw}" must be a plain base address without query, fragment or credentials, e.g. https://bot.example.org`);
  return `${url.origin}${url.pathname.replace(/\/+$/u, '')}`;
}

/** Where each platform sends its requests, under the public base address. */
export const SLACK_EVENTS_PATH = '/slack/events';
export const TEAMS_MESSAGES_PATH = '/api/messages';
