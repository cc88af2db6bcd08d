import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.js';
import { BotError, describeError } from '../src/errors.js';
import { fail, note, ok, type Section } from './doctor-findings.js';
import { publicBaseUrl } from './public-url.js';
import { checkSlack, slackRequestUrls } from './slack/slack-doctor.js';
import { checkTeams, teamsEndpoints } from './teams/teams-doctor.js';

/**
 * npm run doctor [-- --url https://YOUR-PUBLIC-HOST] [--login-url URL]
 * Checks the configuration (.env and the environment), reaches each configured platform with its credentials,
 * and prints the request URLs to paste. Exits 1 when anything would fail. The checks themselves live with
 * their platform (adapters/slack/slack-doctor.ts, adapters/teams/teams-doctor.ts).
 */
const MARK = { ok: '[ok]  ', note: '[note]', warn: '[warn]', fail: '[FAIL]' } as const;

async function diagnose(env: NodeJS.ProcessEnv, options: { baseUrl?: string; loginUrl?: string }): Promise<Section[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    const problems = err instanceof BotError && Array.isArray(err.details) ? (err.details as string[]) : [describeError(err)];
    return [{ title: 'Configuration (.env and environment)', findings: problems.map(fail) }];
  }
  const slackMode = config.slack ? (config.slack.appToken ? 'Socket Mode' : 'HTTP') : 'off';
  const sections: Section[] = [
    { title: 'Configuration (.env and environment)', findings: [ok(`valid — Slack: ${slackMode}; Teams: ${config.teams.mode === 'authenticated' ? `app ${config.teams.appId} (${config.teams.appType})` : config.teams.mode === 'anonymous' ? 'anonymous local-tool mode (TEAMS_ANONYMOUS=on)' : 'off'}`)] },
    {
      title: `Slack (${slackMode})`,
      findings: config.slack ? await checkSlack(config.slack) : [note('not configured: README → Slack (Socket Mode needs no public URL)')],
    },
    { title: 'Microsoft Teams', findings: await checkTeams(config.teams, { loginUrl: options.loginUrl }) },
  ];
  const base = options.baseUrl;
  if (base) {
    sections.push({ title: `Addresses to paste (public base ${base})`, findings: [...slackRequestUrls(config.slack, base), ...teamsEndpoints(config.teams, base)] });
  } else {
    sections.push({ title: 'Addresses to paste', findings: [note('run npm run doctor -- --url https://YOUR-PUBLIC-HOST to print the Slack request URLs and the Teams messaging endpoint')] });
  }
  return sections;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, 'login-url': { type: 'string' } } });
  // A mistyped --url is refused before any platform is called.
  const baseUrl = values.url === undefined ? undefined : publicBaseUrl(values.url);
  const sections = await diagnose(process.env, { baseUrl, loginUrl: values['login-url'] });
  const lines = ['ssr-bot doctor'];
  for (const s of sections) lines.push('', s.title, ...s.findings.map((f) => `  ${MARK[f.level]} ${f.text}`));
  const failures = sections.flatMap((s) => s.findings).filter((f) => f.level === 'fail').length;
  lines.push('', failures ? `${failures} problem${failures === 1 ? '' : 's'} found: fix ${failures === 1 ? 'it' : 'them'} and run npm run doctor again.` : 'No problems found.');
  console.log(lines.join('\n'));
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : describeError(err));
    process.exit(2);
  },
);
