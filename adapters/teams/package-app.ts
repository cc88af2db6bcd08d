import 'dotenv/config';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { zipSync } from 'fflate';

/**
 * npm run teams:package [-- OUT.zip] — the uploadable Teams app package: manifest.json (with MicrosoftAppId
 * filled in for the app, the bot and the message extension) and the two icons at the zip root.
 */
const PACKAGE_DIR = new URL('./app-package/', import.meta.url);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

export function buildManifest(appId: string | undefined): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', PACKAGE_DIR), 'utf8'));
  if (appId) {
    if (!GUID.test(appId)) throw new Error(`MicrosoftAppId "${appId}" is not a GUID; copy the Application (client) ID of the bot's app registration.`);
    manifest.id = appId;
    for (const b of manifest.bots) b.botId = appId;
    for (const c of manifest.composeExtensions) c.botId = appId;
  }
  return manifest;
}

export function buildPackage(appId: string | undefined): Uint8Array {
  const manifest = buildManifest(appId);
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': readFileSync(new URL('color.png', PACKAGE_DIR)),
    'outline.png': readFileSync(new URL('outline.png', PACKAGE_DIR)),
  });
}

function main(): void {
  const out = resolve(process.argv[2] ?? 'dist/ssr-bot-teams.zip');
  const appId = process.env.MicrosoftAppId?.trim() || undefined;
  const zip = buildPackage(appId);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`wrote ${out} (${zip.length} bytes)`);
  if (!appId) console.log('note: MicrosoftAppId is not set, so the package carries the placeholder id 00000000-…; set it (in .env) before uploading to Teams.');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
