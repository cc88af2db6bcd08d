import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { withNativeAccept, withoutPolicies } from './connector-policies.js';

/**
 * The clients a turn replies with. botbuilder builds, for every activity, a connector factory, a connector client
 * and a user token client — each client an HTTP pipeline of a dozen policies, each with its own credentials object
 * (~0.09 ms CPU per turn with an app id). These depend only on the app id the claims name (the audience of a
 * channel token, the appid of an emulator one), the audience of the reply and the serviceUrl, so this
 * authentication (everything else inherited from `auth`) hands out the same clients again for the same values, as
 * botbuilder's older BotFrameworkAdapter did: credentials refresh their own tokens. The maps are bounded: Teams
 * uses a few regional serviceUrls (anonymous mode: loopback ones only).
 * Every connector client runs botbuilder's accept policy natively (withNativeAccept); in anonymous mode it also
 * skips what a loopback reply must not or need not do (LOOPBACK_SKIPPED). With an app id every other policy stays.
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
    const make = async (serviceUrl: string, audience?: string) => {
      const client = withNativeAccept(await factory.create(serviceUrl, audience));
      return options.anonymous ? withoutPolicies(client, LOOPBACK_SKIPPED) : client;
    };
    const appId = appIdOf(result.claimsIdentity);
    const reused: ConnectorFactory = { create: (serviceUrl, audience) => connectors.get(`${appId} ${audience ?? ''} ${serviceUrl}`, () => make(serviceUrl, audience)) };
    return { ...result, connectorFactory: reused };
  };
  clients.createUserTokenClient = (identity: ClaimsIdentity) => userTokens.get(appIdOf(identity), () => auth.createUserTokenClient(identity));
  return clients;
}

/** The app id botbuilder gives a turn's clients: the audience claim (channel tokens), else appid (emulator). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
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
