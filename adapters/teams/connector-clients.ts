import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { withNativeAccept, withoutPolicies } from './connector-policies.js';

/**
 * The connector clients a turn replies with. In every mode, botbuilder's `accept` policy runs natively instead
 * of behind its core-http compatibility layer (withNativeAccept). In anonymous mode, besides:
 * botbuilder builds, for every activity, a connector client and a user token client — each an HTTP pipeline of a
 * dozen policies — although without an app id every one of them carries the same empty credentials. This
 * authentication (everything else inherited from `auth`) hands out the same clients again: one connector client
 * per serviceUrl and audience, one user token client per app id claim. Few exist, since anonymous mode answers
 * loopback serviceUrls only; the maps are bounded all the same. The reused connector clients also skip what a
 * loopback reply must not or need not do (LOOPBACK_SKIPPED).
 * With an app id, clients carry per-audience credentials and botbuilder makes them per turn, as it does.
 */
type Authentication = ConfigurationBotFrameworkAuthentication;
type RequestResult = Awaited<ReturnType<Authentication['authenticateRequest']>>;
type ConnectorFactory = NonNullable<RequestResult['connectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ClaimsIdentity = Parameters<Authentication['createUserTokenClient']>[0];
type UserTokenClient = Awaited<ReturnType<Authentication['createUserTokenClient']>>;

export const MAX_REUSED_CLIENTS = 16;

/**
 * Pipeline policies an anonymous loopback reply goes without. Must not: go through a proxy named in the
 * environment (HTTP_PROXY), which the reply would reach first — it is for this machine. Need not, per request:
 * signing (without an app id botbuilder's credentials are MicrosoftAppCredentials.Empty, which sign nothing, and
 * the policy converts every request to a WebResource and back to find that out), tracing and Azure SDK logging
 * (neither is set up), a random client request id, compression, redirects, form data and abort-signal wrapping
 * (none is used). Retries stay, as for every reply botbuilder sends.
 */
export const LOOPBACK_SKIPPED = [
  'proxyPolicy',
  'redirectPolicy',
  'ServiceClientContext_Credentials_SignRequest',
  'tracingPolicy',
  'logPolicy',
  'setClientRequestIdPolicy',
  'decompressResponsePolicy',
  'formDataPolicy',
  'multipartPolicy',
  'wrapAbortSignalLikePolicy',
];

export function connectorClients(auth: Authentication, options: { anonymous: boolean }): Authentication {
  const connectors = new BoundedPromises<ConnectorClient>();
  const userTokens = new BoundedPromises<UserTokenClient>();
  const clients = Object.create(auth) as Authentication;
  clients.authenticateRequest = async (activity, authHeader) => {
    const result = await auth.authenticateRequest(activity, authHeader);
    const factory = result.connectorFactory;
    if (!factory) return result;
    const make = async (serviceUrl: string, audience?: string) => withNativeAccept(await factory.create(serviceUrl, audience));
    const reused: ConnectorFactory = options.anonymous
      ? { create: (serviceUrl, audience) => connectors.get(`${audience ?? ''} ${serviceUrl}`, async () => withoutPolicies(await make(serviceUrl, audience), LOOPBACK_SKIPPED)) }
      : { create: make };
    return { ...result, connectorFactory: reused };
  };
  if (!options.anonymous) return clients;
  // The claims botbuilder takes the app id from: the audience (channel tokens), else appid (emulator).
  clients.createUserTokenClient = (identity: ClaimsIdentity) =>
    userTokens.get(identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '', () => auth.createUserTokenClient(identity));
  return clients;
}

/** Values by key, made once; a failed one is made again next time; the oldest goes past MAX_REUSED_CLIENTS. */
class BoundedPromises<T> {
  private readonly made = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.made.get(key);
    if (!value) {
      value = make();
      this.made.set(key, value);
      const made = value;
      made.catch(() => this.made.get(key) === made && this.made.delete(key));
      if (this.made.size > MAX_REUSED_CLIENTS) this.made.delete(this.made.keys().next().value!);
    }
    return value;
  }
}
