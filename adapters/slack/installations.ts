import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import type { Store } from '../../src/store/store.js';
import { parseSlackAddress, SLACK_PREFIX } from './inbound.js';

/**
 * Slack installations in the bot's store (SQLite or PostgreSQL), so every replica sees each install at once:
 * Bolt's OAuth flow stores them here and authorizes every request from them; the digests take their token
 * from here too. A workspace install is keyed "slack:T…", an Enterprise Grid org-wide install (no team,
 * `isEnterpriseInstall`) "slack:E…". Conversations are addressed by workspace ("slack:T…:C…"), so a workspace
 * seen in a request from an org-wide install is linked to it as a member; the link is written at most once
 * per LINK_REFRESH_MS per process.
 */
const LINK_REFRESH_MS = 10 * 60_000;

export function installationKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  const id = q.isEnterpriseInstall ? q.enterpriseId : q.teamId;
  if (!id) throw new Error(`an installation needs ${q.isEnterpriseInstall ? 'an enterprise' : 'a team'} id`);
  return `${SLACK_PREFIX}${id}`;
}

export class SlackInstallations implements InstallationStore {
  /** "team>enterprise" → when linked by this process. */
  private readonly linked = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const key = installationKey({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
    await this.store.saveInstallation({ key, data: installation, updatedAt: this.clock.now() });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    if (query.isEnterpriseInstall && query.enterpriseId && query.teamId) await this.link(query.teamId, query.enterpriseId);
    const key = installationKey(query);
    const found = await this.store.findInstallation(key);
    if (!found) throw new Error(`ssr-bot is not installed for ${key}: install it through /slack/install`);
    return found.data as Installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.remove(installationKey(query), 'app_uninstalled');
  }

  /** The app left (uninstalled, or its bot token revoked): forget the installation, disable its digests. */
  async remove(key: string, reason: string): Promise<{ removed: boolean; disabled: number }> {
    for (const k of this.linked.keys()) if (k.startsWith(`${key.slice(SLACK_PREFIX.length)}>`)) this.linked.delete(k);
    return this.store.removeInstallation(key, reason, this.clock.now());
  }

  /** The bot token for a conversation address, from its workspace's or organisation's installation. */
  async botToken(address: string): Promise<string | undefined> {
    const team = parseSlackAddress(address)?.team;
    if (!team) return undefined;
    const found = await this.store.findInstallation(`${SLACK_PREFIX}${team}`);
    return (found?.data as Installation | undefined)?.bot?.token;
  }

  private async link(teamId: string, enterpriseId: string): Promise<void> {
    const k = `${teamId}>${enterpriseId}`;
    const now = this.clock.now().getTime();
    if (now - (this.linked.get(k) ?? Number.NEGATIVE_INFINITY) < LINK_REFRESH_MS) return;
    await this.store.linkInstallation(`${SLACK_PREFIX}${teamId}`, `${SLACK_PREFIX}${enterpriseId}`, this.clock.now());
    this.linked.set(k, now);
  }
}
