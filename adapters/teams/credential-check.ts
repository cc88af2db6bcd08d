import type { Config } from '../config.js';
import { OperatorFixNeeded } from '../keep-trying.js';
import { AADSTS, DEFAULT_LOGIN_URL } from './teams-doctor.js';

/**
 * The Teams start-up check: ask Microsoft Entra ID for a Bot Framework token with the configured app id, secret
 * and tenant (client credentials — what botbuilder does before its first reply), the same request as
 * `npm run doctor`. A rejected credential names the variable and the fix; an unreachable or failing endpoint is
 * retried. `loginUrl` (MICROSOFT_LOGIN_URL) is the authority host: Azure's public cloud by default, a fake in tests.
 */
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
const OFF_UNTIL_FIXED = 'Teams stays off until then; everything else keeps running.';

export async function checkTeamsCredentials(teams: Config['teams'], loginUrl = DEFAULT_LOGIN_URL): Promise<void> {
  if (!teams.appId || teams.appType === 'UserAssignedMSI') return; // anonymous, or a managed identity that only works inside Azure
  const tenant = teams.appType === 'SingleTenant' ? teams.tenantId! : 'botframework.com';
  const endpoint = `${loginUrl.replace(/\/+$/u, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: teams.appId, client_secret: teams.appPassword ?? '', scope: BOT_FRAMEWORK_SCOPE }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    const cause = (err as Error).cause as { code?: string; message?: string } | undefined;
    throw new Error(`cannot reach Microsoft Entra ID at ${endpoint} (${cause?.code ?? cause?.message ?? (err as Error).message}): check the network or a proxy`);
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_codes?: number[] };
  if (res.ok && body.access_token) return;
  if (res.status >= 500 || res.status === 429) throw new Error(`Microsoft Entra ID at ${endpoint} answered HTTP ${res.status}`);
  const code = body.error_codes?.find((c) => AADSTS[c]);
  if (code) throw new OperatorFixNeeded(`${AADSTS[code](teams)} (AADSTS${code}), then restart. ${OFF_UNTIL_FIXED}`);
  throw new OperatorFixNeeded(
    `Microsoft Entra ID refused the Teams credentials (${body.error ?? `HTTP ${res.status}`}): check MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId against the Azure Bot's Configuration page, then restart. ${OFF_UNTIL_FIXED}`,
  );
}
