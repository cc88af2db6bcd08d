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
  const APP = '00000000-0000-0000-0000-0000000000aa';
  /** botbuilder's authentication with its token check replaced by fixed claims (the token check itself is teams-auth.test's). */
  function authenticated(claims: Record<string, string>) {
    const inner = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: APP, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' } as never);
    // Read at each turn: a test may change them between turns.
    inner.authenticateRequest = async () => {
      const identity = { isAuthenticated: true, claims: Object.entries(claims).map(([type, value]) => ({ type, value })), getClaimValue: (t: string) => claims[t] ?? null };
      return { claimsIdentity: identity, audience: 'https://api.botframework.com', callerId: undefined, connectorFactory: inner.createConnectorFactory(identity as never) } as never;
    };
    return connectorClients(inner, { anonymous: false });
  }
  const turn = (auth: ReturnType<typeof authenticated>, serviceUrl: string) => turnClients(auth, serviceUrl);

  it('keep every policy, signing included; only the accept header policy runs natively', async () => {
    const names = policies((await turn(authenticated({ aud: APP }), 'https://smba.example/emea/')).connector);
    for (const kept of ['proxyPolicy', 'redirectPolicy', 'ServiceClientContext_Credentials_SignRequest', 'defaultRetryPolicy', 'tracingPolicy']) expect(names).toContain(kept);
    expect(names).not.toContain(COMPAT_ACCEPT_POLICY);
    expect(names).toContain('acceptAnyPolicy');
  });

  it('are made once per app id, audience and serviceUrl, not per turn', async () => {
    const auth = authenticated({ aud: APP });
    const first = await turn(auth, 'https://smba.example/emea/');
    const second = await turn(auth, 'https://smba.example/emea/');
    expect(second.connector).toBe(first.connector);
    expect(second.userTokens).toBe(first.userTokens);
    expect((await turn(auth, 'https://smba.example/amer/')).connector).not.toBe(first.connector);
    const result = await auth.authenticateRequest({ type: 'message', channelId: 'msteams', serviceUrl: 'https://smba.example/emea/' } as Activity, '');
    expect(await result.connectorFactory!.create('https://smba.example/emea/', 'https://other.audience')).not.toBe(first.connector);
  });

  it('claims naming another app id get no client (botbuilder refuses), and never one of ours', async () => {
    const claims: Record<string, string> = { aud: APP };
    const auth = authenticated(claims);
    const ours = await turn(auth, 'https://smba.example/emea/');
    // An emulator token names the app in appid.
    delete claims.aud;
    claims.appid = '00000000-0000-0000-0000-0000000000cc';
    await expect(turn(auth, 'https://smba.example/emea/')).rejects.toThrow('Invalid appId');
    delete claims.appid;
    claims.aud = APP;
    expect((await turn(auth, 'https://smba.example/emea/')).connector).toBe(ours.connector);
  });
});
