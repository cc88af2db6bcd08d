import type { Config } from '../config.js';
import { fail, note, ok, warn, type Finding } from '../doctor-findings.js';
import { TEAMS_MESSAGES_PATH } from '../public-url.js';

/**
 * `npm run doctor` for Teams: asks Microsoft Entra ID for a Bot Framework token with the app id and secret
 * (OAuth 2.0 client credentials, what botbuilder does before its first reply), so a wrong id, secret or
 * tenant shows up now with where to fix it, not on the first message. `loginUrl` is the authority host:
 * Azure's public cloud by default, a sovereign cloud's, or a fake in tests.
 */
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

/** Entra ID error codes an admin meets while setting up a bot, with where the right value is. */
export const AADSTS: Record<number, (c: Config['teams']) => string> = {
  7000215: () => 'MicrosoftAppPassword is not a valid client secret for this app: create a new client secret (Azure Bot → Configuration → Manage Password → Certificates & secrets) and copy its Value, not its Secret ID',
  7000222: () => 'MicrosoftAppPassword has expired: create a new client secret (Certificates & secrets) and copy its Value',
  700016: (c) => `MicrosoftAppId ${c.appId} is not an application in tenant ${c.tenantId ?? 'botframework.com'}: compare Microsoft App ID and App Tenant ID on the Azure Bot's Configuration page${c.appType === 'MultiTenant' ? ' (a SingleTenant registration needs MicrosoftAppType=SingleTenant and its tenant id)' : ''}`,
  90002: (c) => `MicrosoftAppTenantId ${c.tenantId} is not a known directory: copy App Tenant ID from the Azure Bot's Configuration page`,
  900023: (c) => `MicrosoftAppTenantId ${c.tenantId} is not a valid tenant id: copy App Tenant ID from the Azure Bot's Configuration page`,
};

export async function checkTeams(config: Config['teams'], options: { loginUrl?: string } = {}): Promise<Finding[]> {
  if (config.mode === 'anonymous') return [note('TEAMS_ANONYMOUS=on: anonymous local-tool mode for Agents Playground or the Emulator (loopback only); Teams itself needs an Azure Bot — README → Microsoft Teams')];
  if (!config.appId) return [note('Teams is off (no MicrosoftAppId): /api/messages answers 401; set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId — README → Microsoft Teams')];
  if (config.appType === 'UserAssignedMSI') return [note('UserAssignedMSI: the managed identity issues tokens only inside Azure, so it cannot be checked from here')];
  const tenant = config.appType === 'SingleTenant' ? config.tenantId! : 'botframework.com';
  const endpoint = `${(options.loginUrl ?? DEFAULT_LOGIN_URL).replace(/\/+$/u, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.appId, client_secret: config.appPassword ?? '', scope: BOT_FRAMEWORK_SCOPE }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    return [fail(`could not reach ${endpoint} (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}): check the network or a proxy`)];
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string; error_codes?: number[] };
  if (res.ok && body.access_token) return [ok(`Bot Framework token issued for app ${config.appId} (${config.appType}, tenant ${tenant}) by ${endpoint}`)];
  const known = body.error_codes?.map((c) => AADSTS[c]).find(Boolean);
  if (known) return [fail(`${known(config)} (AADSTS${body.error_codes![0]}).`)];
  if (res.status >= 500) return [warn(`${endpoint} answered HTTP ${res.status}; try again later`)];
  return [fail(`the token endpoint refused the credentials (${body.error ?? `HTTP ${res.status}`}: ${(body.error_description ?? '').split(/\r?\n/u)[0]}): check MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId against the Azure Bot's Configuration page`)];
}

/** Where the messaging endpoint goes in Azure, and the reminder the token cannot check. */
export function teamsEndpoints(config: Config['teams'], baseUrl: string): Finding[] {
  return [
    note(`Teams: Azure Bot → Configuration → Messaging endpoint: ${baseUrl}${TEAMS_MESSAGES_PATH}`),
    note(`Teams: Azure Bot → Channels must list Microsoft Teams; then npm run teams:package -- --url ${baseUrl}${config.appId ? '' : ' --app-id YOUR-APP-ID'}`),
  ];
}
