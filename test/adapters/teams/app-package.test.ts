import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ManifestUtil } from '@microsoft/app-manifest';

const require = createRequire(import.meta.url);
const root = new URL('../../../', import.meta.url).pathname;
const APP_ID = '11111111-2222-3333-4444-555555555555';

function pngSize(buf: Uint8Array): [number, number] {
  const b = Buffer.from(buf);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('npm run teams:package', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ssr-teams-')), 'app.zip');
  execFileSync('npm', ['run', '-s', 'teams:package', '--', out], { cwd: root, env: { ...process.env, MicrosoftAppId: APP_ID }, stdio: 'pipe' });
  const files = unzipSync(new Uint8Array(readFileSync(out)));

  it('zips manifest.json and the two icons at the root', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(pngSize(files['color.png'])).toEqual([192, 192]);
    expect(pngSize(files['outline.png'])).toEqual([32, 32]);
  });

  it('fills in the app id and validates against the Teams manifest schema it declares (offline)', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.composeExtensions[0].botId).toBe(APP_ID);
    const version = manifest.manifestVersion as string;
    expect(manifest.$schema).toContain(`/v${version}/`);
    const schema = JSON.parse(readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`), 'utf8'));
    expect(await ManifestUtil.validateManifestAgainstSchema(manifest, schema)).toEqual([]);
  });

  it('has the bot in every scope and a query message extension with initialRun', () => {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const cmd = manifest.composeExtensions[0].commands[0];
    expect(cmd).toMatchObject({ id: 'searchRecommendations', type: 'query', initialRun: true });
    expect(cmd.parameters[0].name).toBe('searchQuery');
  });

  it('a broken schema check would fail (the validator is real)', async () => {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const schema = JSON.parse(readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`), 'utf8'));
    expect((await ManifestUtil.validateManifestAgainstSchema({ ...manifest, accentColor: 'purple', bots: [{ scopes: ['nowhere'] }] }, schema)).length).toBeGreaterThan(0);
  });

  it('refuses an app id that is not a GUID', () => {
    expect(() => execFileSync('npm', ['run', '-s', 'teams:package', '--', out], { cwd: root, env: { ...process.env, MicrosoftAppId: 'not-a-guid' }, stdio: 'pipe' })).toThrow();
  });
});
