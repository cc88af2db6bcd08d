import { MicrosoftAppCredentials } from 'botframework-connector';
import type { Config } from '../../src/config.js';
import { OperatorFixNeeded } from '../keep-trying.js';

/**
 * The Teams start-up check: fetch a Bot Framework token from Microsoft Entra ID with the configured app id,
 * secret and tenant, the way the first reply would. A rejected credential names the variable to fix.
 * (It needs Microsoft's login service, so only `npm start` runs it; tests stay on loopback.)
 */
export async function checkTeamsCredentials(teams: Config['teams']): Promise<void> {
  if (!teams.appId || teams.appType === 'UserAssignedMSI') return; // anonymous, or a managed identity without a secret
  const tenant = teams.appType === 'SingleTenant' ? teams.tenantId : undefined;
  try {
    await new MicrosoftAppCredentials(teams.appId, teams.appPassword ?? '', tenant).getToken(true);
  } catch (err) {
    throw teamsCredentialProblem(err);
  }
}

/** Entra ID error codes (AADSTS…) → the variable an operator has to fix. */
const PROBLEMS: [RegExp, string][] = [
  [/AADSTS7000215|AADSTS7000222|AADSTS7000216|invalid_client/u, 'MicrosoftAppPassword was rejected by Microsoft Entra ID (invalid or expired client secret): create a new client secret for the app registration (Certificates & secrets) and put it in MicrosoftAppPassword, then restart'],
  [/AADSTS700016|unauthorized_client/u, 'MicrosoftAppId is not known in this tenant: copy the Microsoft App ID of the Azure Bot into MicrosoftAppId (and check MicrosoftAppTenantId), then restart'],
  [/AADSTS90002|AADSTS900023|AADSTS90013|invalid_tenant|invalid_instance/u, 'MicrosoftAppTenantId is not a valid tenant: copy the Directory (tenant) ID of the app registration into MicrosoftAppTenantId, then restart'],
];

export function teamsCredentialProblem(err: unknown): Error {
  const text = err instanceof Error ? `${err.name} ${(err as { errorCode?: string }).errorCode ?? ''} ${err.message}` : String(err);
  for (const [pattern, fix] of PROBLEMS) if (pattern.test(text)) return new OperatorFixNeeded(`${fix}. Teams stays off until then; everything else keeps running.`);
  return new Error(`cannot get a Bot Framework token from Microsoft Entra ID (${text.trim().slice(0, 200)})`);
}
