import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../../../adapters/slack/manifest.yml', import.meta.url), 'utf8'));

describe('Slack app manifest', () => {
  it('declares the slash command, events, interactivity and scopes the adapter uses', () => {
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: '/ssr', should_escape: false });
    expect(manifest.features.slash_commands[0].url).toMatch(/\/slack\/events$/u);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/u);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'channels:history', 'groups:history']));
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
  it('keeps within Slack\'s field limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});
