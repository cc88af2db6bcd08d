import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { FakeConnector, invoke, postActivity, teamsMessage } from '../../helpers/fake-connector.js';

/** A second instance with an app id: Bot Framework authentication is on; no network is needed to refuse. */
let connector: FakeConnector;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({
    PLAYGROUND: 'off',
    MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa',
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000bb',
  });
});
afterAll(async () => {
  await app.stop();
  await connector.close();
});

describe('Teams with an app id', () => {
  it.each([
    ['no Authorization header', {}],
    ['a garbage bearer token', { authorization: 'Bearer not.a.jwt' }],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('%s → 401 and nothing is sent to the serviceUrl', async (_name, headers) => {
    const res = await postActivity(app.url, teamsMessage(connector.url, '名册', { kind: 'personal' }), headers as Record<string, string>);
    expect(res.status).toBe(401);
    const inv = await postActivity(app.url, invoke(connector.url, 'composeExtension/query', { parameters: [{ name: 'searchQuery', value: '名册' }] }), headers as Record<string, string>);
    expect(inv.status).toBe(401);
    // The route answers after processActivity() has refused the token: no turn ran, nothing is left to send.
    expect(connector.calls).toEqual([]);
  });

  it('still answers 400 to a body that is not an activity, before authentication', async () => {
    expect((await postActivity(app.url, '{}')).status).toBe(400);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
