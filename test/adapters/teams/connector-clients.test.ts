import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { connectorClients, LOOPBACK_SKIPPED, MAX_REUSED_CLIENTS } from '../../../adapters/teams/connector-clients.js';
import { COMPAT_ACCEPT_POLICY } from '../../../adapters/teams/connector-policies.js';

/** The clients a turn gets (no network: clients are only made, never used here). */
const stock = () => new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' } as never);
const anonymous = () => connectorClients(stock(), { anonymous: true });

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
    const result = await stock().authenticateRequest({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:3978/' } as Activity, '');
    const names = policies(await result.connectorFactory!.create('http://127.0.0.1:3978/', result.audience));
    for (const skipped of [...LOOPBACK_SKIPPED, COMPAT_ACCEPT_POLICY]) expect(names).toContain(skipped);
  });
});

describe('Teams clients with an app id', () => {
  it('keep every policy, signing included; only the accept header policy is native; made per turn as botbuilder does', async () => {
    // The connector factory an authenticated turn gets, built from claims as botbuilder builds it after checking a token.
    const inner = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' } as never);
    const identity = { isAuthenticated: true, claims: [{ type: 'aud', value: 'app-id' }], getClaimValue: (t: string) => (t === 'aud' ? 'app-id' : null) };
    inner.authenticateRequest = async () => ({ claimsIdentity: identity, audience: 'https://api.botframework.com', callerId: undefined, connectorFactory: inner.createConnectorFactory(identity as never) }) as never;
    const auth = connectorClients(inner, { anonymous: false });
    const result = await auth.authenticateRequest({ type: 'message', channelId: 'msteams', serviceUrl: 'https://smba.example/' } as Activity, 'Bearer x');
    const first = await result.connectorFactory!.create('https://smba.example/', result.audience);
    const names = policies(first);
    for (const kept of ['proxyPolicy', 'redirectPolicy', 'ServiceClientContext_Credentials_SignRequest', 'defaultRetryPolicy']) expect(names).toContain(kept);
    expect(names).not.toContain(COMPAT_ACCEPT_POLICY);
    expect(names).toContain('acceptAnyPolicy');
    expect(await result.connectorFactory!.create('https://smba.example/', result.audience)).not.toBe(first);
  });
});
