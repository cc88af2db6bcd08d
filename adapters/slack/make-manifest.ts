import 'dotenv/config';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { describeError } from '../../src/errors.js';
import { publicBaseUrl } from '../public-url.js';
import { buildSlackManifest, validateSlackManifest, type SlackMode } from './manifest.js';

/**
 * npm run slack:manifest -- --url https://bot.example.org   the manifest for HTTP mode, request URLs filled in
 * npm run slack:manifest -- --socket-mode                   the manifest for Socket Mode (no public URL)
 * options: --out FILE (default dist/slack-manifest.yml), --command /name (default SLACK_COMMAND or /ssr)
 */
const USAGE = 'usage: npm run slack:manifest -- --url https://YOUR-PUBLIC-HOST | --socket-mode  [--out FILE] [--command /ssr]';

function main(): void {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, 'socket-mode': { type: 'boolean' }, out: { type: 'string' }, command: { type: 'string' } },
  });
  if (Boolean(values.url) === Boolean(values['socket-mode'])) throw new Error(`give either --url (HTTP mode) or --socket-mode\n${USAGE}`);
  const mode: SlackMode = values.url ? { kind: 'http', baseUrl: publicBaseUrl(values.url) } : { kind: 'socket' };
  const command = values.command ?? (process.env.SLACK_COMMAND?.trim() || '/ssr');
  const text = buildSlackManifest(mode, command);
  const problems = validateSlackManifest(parse(text));
  if (problems.length) throw new Error(`the manifest would be refused:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const out = resolve(values.out ?? 'dist/slack-manifest.yml');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out} (${mode.kind === 'http' ? `HTTP mode, request URLs ${mode.baseUrl}/slack/events` : 'Socket Mode'}, command ${command})`);
  console.log('next: https://api.slack.com/apps → Create New App → From an app manifest → pick the workspace → paste this file (README → Slack).');
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : describeError(err));
  process.exit(1);
}
