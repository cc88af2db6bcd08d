import 'dotenv/config';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';
import { GUID_PATTERN } from '../config.js';
import { BotError, describeError } from '../../src/errors.js';
import { publicBaseUrl } from '../public-url.js';

/**
 * npm run teams:package -- --url https://bot.example.org --app-id GUID — the uploadable Teams app package:
 * manifest.json (app id for the app, the bot and the message extension; developer URLs and validDomains from
 * --url) and the two icons at the zip root. app-package/manifest.json is the template; a package that would
 * still carry its placeholders is refused, naming the fields, unless --allow-placeholders (local trials).
 * Options: --app-id (default MicrosoftAppId), --privacy-url, --terms-url (default --url), --out FILE.
 */
const PACKAGE_DIR = new URL('./app-package/', import.meta.url);
/** The template's id, and the mostly-zero ids of samples and tests: Azure issues random ones. */
const PLACEHOLDER_ID = /^0{8}-0{4}-0{4}-0{4}-/u;
/** Domains reserved for examples (RFC 2606): they never reach a real page. */
const EXAMPLE_HOST = /(?:^|\.)(?:example\.(?:org|com|net)|example|test|invalid|localhost)$/iu;

export interface PackageOptions {
  appId?: string;
  /** The bot's public base address: the developer website and validDomains. */
  url?: string;
  privacyUrl?: string;
  termsUrl?: string;
}

interface TeamsManifest {
  id: string;
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  bots: { botId: string }[];
  composeExtensions: { botId: string }[];
  validDomains: string[];
}

export function buildManifest(options: PackageOptions): TeamsManifest {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', PACKAGE_DIR), 'utf8')) as TeamsManifest;
  const { appId } = options;
  if (appId) {
    if (!GUID_PATTERN.test(appId)) throw new BotError('CONFIG_INVALID', `app id "${appId}" is not a GUID: copy Microsoft App ID from the Azure portal → your Azure Bot → Configuration.`);
    manifest.id = appId;
    for (const b of manifest.bots) b.botId = appId;
    for (const c of manifest.composeExtensions) c.botId = appId;
  }
  if (options.url) {
    const url = publicBaseUrl(options.url);
    manifest.developer.websiteUrl = url;
    manifest.developer.privacyUrl = url;
    manifest.developer.termsOfUseUrl = url;
    manifest.validDomains = [new URL(url).host];
  }
  if (options.privacyUrl) manifest.developer.privacyUrl = httpsUrl('--privacy-url', options.privacyUrl);
  if (options.termsUrl) manifest.developer.termsOfUseUrl = httpsUrl('--terms-url', options.termsUrl);
  return manifest;
}

/** The fields that still hold a template placeholder, each with the option that fills it. */
export function placeholderFields(manifest: TeamsManifest): string[] {
  const found: string[] = [];
  const idFix = 'pass --app-id or set MicrosoftAppId (Azure portal → your Azure Bot → Configuration → Microsoft App ID)';
  const ids = [['id', manifest.id], ...manifest.bots.map((b, i) => [`bots[${i}].botId`, b.botId]), ...manifest.composeExtensions.map((c, i) => [`composeExtensions[${i}].botId`, c.botId])];
  for (const [field, id] of ids) if (PLACEHOLDER_ID.test(id)) found.push(`${field} = ${id} is a placeholder id: ${idFix}`);
  const urls = [
    ['developer.websiteUrl', manifest.developer.websiteUrl, '--url https://YOUR-PUBLIC-HOST'],
    ['developer.privacyUrl', manifest.developer.privacyUrl, '--url, or --privacy-url with your privacy statement'],
    ['developer.termsOfUseUrl', manifest.developer.termsOfUseUrl, '--url, or --terms-url with your terms of use'],
  ] as const;
  for (const [field, value, fix] of urls) if (EXAMPLE_HOST.test(new URL(value).hostname)) found.push(`${field} = ${value} is on an example domain: pass ${fix}`);
  manifest.validDomains.forEach((d, i) => EXAMPLE_HOST.test(d.split(':')[0]) && found.push(`validDomains[${i}] = ${d} is an example domain: pass --url https://YOUR-PUBLIC-HOST`));
  return found;
}

export function buildPackage(manifest: TeamsManifest): Uint8Array {
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': readFileSync(new URL('color.png', PACKAGE_DIR)),
    'outline.png': readFileSync(new URL('outline.png', PACKAGE_DIR)),
  });
}

function httpsUrl(option: string, raw: string): string {
  if (!/^https:\/\/[^\s/]+/u.test(raw)) throw new BotError('CONFIG_INVALID', `${option} "${raw}" must be an https:// URL (Teams shows it on the app's details page).`);
  return raw;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'app-id': { type: 'string' },
      'privacy-url': { type: 'string' },
      'terms-url': { type: 'string' },
      out: { type: 'string' },
      'allow-placeholders': { type: 'boolean' },
    },
  });
  const appId = values['app-id'] ?? (process.env.MicrosoftAppId?.trim() || undefined);
  const manifest = buildManifest({ appId, url: values.url, privacyUrl: values['privacy-url'], termsUrl: values['terms-url'] });
  const placeholders = placeholderFields(manifest);
  const list = placeholders.map((p) => `  - ${p}`).join('\n');
  if (placeholders.length && !values['allow-placeholders']) {
    throw new BotError('CONFIG_INVALID', `refusing to build a Teams package with template placeholders:\n${list}\n(for a local trial only: add --allow-placeholders)`);
  }
  const out = resolve(values.out ?? 'dist/ssr-bot-teams.zip');
  const zip = buildPackage(manifest);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`wrote ${out} (${zip.length} bytes; app id ${manifest.id}, website ${manifest.developer.websiteUrl})`);
  if (placeholders.length) console.log(`warning: placeholders kept (--allow-placeholders); fine for a local trial, not for Teams:\n${list}`);
  else console.log('next: Teams → Apps → Manage your apps → Upload an app → Upload a custom app → this file (README → Microsoft Teams).');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : describeError(err));
    process.exit(1);
  }
}
