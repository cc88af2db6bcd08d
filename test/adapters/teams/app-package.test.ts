import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManifestUtil } from '@microsoft/app-manifest';
import { runNpm } from '../../helpers/run-npm.js';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'ssr-teams-'));
const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const URL_ = 'https://ssr-bot.contoso.net';

/** Runs `npm run teams:package -- ARGS` as an admin would (MicrosoftAppId from `env` only, never the caller's). */
async function pack(args: string[], env: Record<string, string> = {}) {
  const out = join(dir, `${args.join('_').replace(/\W+/gu, '_') || 'none'}${env.MicrosoftAppId ?? ''}.zip`);
  const run = await runNpm('teams:package', [...args, '--out', out], { env });
  const files = run.code === 0 ? unzipSync(new Uint8Array(readFileSync(out))) : undefined;
  const manifest = files ? JSON.parse(new TextDecoder().decode(files['manifest.json'])) : undefined;
  return { run, out, files, manifest };
}

function pngSize(buf: Uint8Array): [number, number] {
  const b = Buffer.from(buf);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

async function schemaProblems(manifest: { manifestVersion: string } & Record<string, unknown>) {
  const schema = JSON.parse(readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`), 'utf8'));
  return ManifestUtil.validateManifestAgainstSchema(manifest as never, schema);
}

describe('npm run teams:package -- --url … --app-id …', () => {
  let run: Awaited<ReturnType<typeof pack>>['run'];
  let files: Record<string, Uint8Array>;
  let manifest: ReturnType<typeof JSON.parse>;
  beforeAll(async () => {
    const packed = await pack(['--url', URL_, '--app-id', APP_ID]);
    ({ run, manifest } = packed);
    files = packed.files!;
  });

  it('zips manifest.json and the two icons at the root', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(pngSize(files['color.png'])).toEqual([192, 192]);
    expect(pngSize(files['outline.png'])).toEqual([32, 32]);
  });

  it('fills in the app id, the developer URLs and validDomains, and validates against the schema it declares (offline)', async () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.composeExtensions[0].botId).toBe(APP_ID);
    expect(manifest.developer).toMatchObject({ websiteUrl: URL_, privacyUrl: URL_, termsOfUseUrl: URL_ });
    expect(manifest.validDomains).toEqual(['ssr-bot.contoso.net']);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(await schemaProblems(manifest)).toEqual([]);
  });

  it('has the bot in every scope and a query message extension with initialRun', () => {
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const cmd = manifest.composeExtensions[0].commands[0];
    expect(cmd).toMatchObject({ id: 'searchRecommendations', type: 'query', initialRun: true });
    expect(cmd.parameters[0].name).toBe('searchQuery');
  });

  it('a broken schema check would fail (the validator is real)', async () => {
    expect((await schemaProblems({ ...manifest, accentColor: 'purple', bots: [{ scopes: ['nowhere'] }] })).length).toBeGreaterThan(0);
  });
});

describe('placeholders and bad values', () => {
  it('takes the app id from MicrosoftAppId and separate privacy and terms pages', async () => {
    const { run, manifest } = await pack(['--url', `${URL_}/`, '--privacy-url', 'https://contoso.net/privacy', '--terms-url', 'https://contoso.net/terms'], { MicrosoftAppId: APP_ID });
    expect(run.code, run.stderr).toBe(0);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.developer).toMatchObject({ websiteUrl: URL_, privacyUrl: 'https://contoso.net/privacy', termsOfUseUrl: 'https://contoso.net/terms' });
    expect(await schemaProblems(manifest)).toEqual([]);
  });

  it('refuses the template as it is, naming every placeholder field and its fix, and writes nothing', async () => {
    const { run, out } = await pack([]);
    expect(run.code).toBe(1);
    for (const field of ['id', 'bots\\[0\\]\\.botId', 'composeExtensions\\[0\\]\\.botId']) {
      expect(run.stderr).toMatch(new RegExp(`- ${field} = 00000000-0000-0000-0000-000000000000 is a placeholder id: pass --app-id or set MicrosoftAppId \\(Azure portal`, 'u'));
    }
    expect(run.stderr).toMatch(/developer\.websiteUrl = https:\/\/example\.org\/ssr-bot is on an example domain: pass --url/u);
    expect(run.stderr).toMatch(/developer\.privacyUrl = .* --privacy-url/u);
    expect(run.stderr).toMatch(/developer\.termsOfUseUrl = .* --terms-url/u);
    expect(run.stderr).toMatch(/--allow-placeholders/u);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an example domain given with --url, and only names what is wrong', async () => {
    const { run } = await pack(['--url', 'https://bot.example.org', '--app-id', APP_ID]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/developer\.websiteUrl = https:\/\/bot\.example\.org is on an example domain/u);
    expect(run.stderr).toMatch(/validDomains\[0\] = bot\.example\.org is an example domain/u);
    expect(run.stderr).not.toMatch(/placeholder id/u);
  });

  it('builds a schema-valid package with placeholders only when asked (--allow-placeholders), and says so', async () => {
    const { run, manifest } = await pack(['--allow-placeholders']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/warning: placeholders kept.*\n.*- id = 00000000/u);
    expect(await schemaProblems(manifest)).toEqual([]);
  });

  it.each([
    [['--app-id', 'not-a-guid', '--url', URL_], /app id "not-a-guid" is not a GUID: copy Microsoft App ID from the Azure portal/u],
    [['--app-id', APP_ID, '--url', 'http://ssr-bot.contoso.net'], /--url "http:\/\/ssr-bot\.contoso\.net" must start with https:\/\//u],
    [['--app-id', APP_ID, '--url', URL_, '--privacy-url', 'privacy.html'], /--privacy-url "privacy\.html" must be an https:\/\/ URL/u],
  ])('refuses %j with a reason', async (args, reason) => {
    const { run } = await pack(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(reason);
  });
});
