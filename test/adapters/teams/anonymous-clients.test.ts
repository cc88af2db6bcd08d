import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_SKIPPED, MAX_REUSED_CLIENTS, reusingAnonymousClients } from '../../../adapters/teams/anonymous-clients.js';

/** The clients anonymous mode hands out (no network: clients are only made, never used here). */
const anonymous = () =>
  reusingAnonymousClients(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' } as never));

async function turnClients(auth: ReturnType<typeof anonymous>, serviceUrl: string) {
  const result = await auth.authenticateRequest({ type: 'message', channelId: 'msteams', serviceUrl } as Activity, '');
  const connector = await result.connectorFactory!.create(serviceUrl, result.audience);
  return { connector, userTokens: await auth.createUserTokenClient(result.claimsIdentity) };
}

const policies = (client: unknown) =>
  (client as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }).client.pipeline.getOrderedPolicies().map((p) => p.name);

describe('anonymous Teams clients', () => {
  it('one connector client per serviceUrl and one user token client, reused from turn to turn', async () => {
    const auth = anonymous();
    const first = await turnClients(auth, 'http://127.0.0.1:3978/');
    const second = await turnClients(auth, 'http://127.0.0.1:3978/');
    const elsewhere = await turnClients(auth, 'http://127.0.0.1:3979/');
    expect(second.connector).toBe(first.connector);
    expect(elsewhere.connector).not.toBe(first.connector);
    expect(second.userTokens).toBe(first.userTokens);
  });

  it('bounded: past the limit the client made longest ago is made anew', async () => {
    const auth = anonymous();
    const first = await turnClients(auth, 'http://127.0.0.1:4000/');
    for (let i = 1; i <= MAX_REUSED_CLIENTS; i++) await turnClients(auth, `http://127.0.0.1:${4000 + i}/`);
    expect((await turnClients(auth, 'http://127.0.0.1:4000/')).connector).not.toBe(first.connector);
  });

  it('a reused connector client skips the loopback-needless policies and keeps retries', async () => {
    const { connector } = await turnClients(anonymous(), 'http://127.0.0.1:3978/');
    const names = policies(connector);
    expect(names).toContain('defaultRetryPolicy');
    for (const skipped of LOOPBACK_SKIPPED) expect(names).not.toContain(skipped);
  });

  it('the policy names still exist in this botbuilder: a rename would silently keep them', async () => {
    const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' } as never);
    const result = await auth.authenticateRequest({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:3978/' } as Activity, '');
    const names = policies(await result.connectorFactory!.create('http://127.0.0.1:3978/', result.audience));
    for (const skipped of LOOPBACK_SKIPPED) expect(names).toContain(skipped);
  });
});
