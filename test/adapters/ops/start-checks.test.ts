import { describe, expect, it } from 'vitest';
import { HealthBoard } from '../../../adapters/health.js';
import { keepTrying, OperatorFixNeeded } from '../../../adapters/keep-trying.js';
import { recordingLogger } from '../../../adapters/logger.js';
import { slackStartProblem } from '../../../adapters/slack/slack-start.js';

describe('background start-up checks', () => {
  it('retry with backoff until the step succeeds, logging each new reason once', async () => {
    const board = new HealthBoard();
    const report = board.reporter('x');
    const log = recordingLogger();
    let calls = 0;
    let backoffs = 0;
    const failures = ['unreachable', 'unreachable', 'HTTP 503'];
    await keepTrying(
      async () => {
        const reason = failures[calls++];
        if (reason) throw new Error(reason);
      },
      { adapter: 'x', log, report, signal: new AbortController().signal, minDelayMs: 1, maxDelayMs: 5, onBackoff: () => backoffs++ },
    );
    expect(calls).toBe(4);
    expect(backoffs).toBe(3);
    expect(board.snapshot().x).toEqual({ state: 'ok' });
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['Error: unreachable', 'Error: HTTP 503']);
  });

  it('stop at a problem only the operator can fix: degraded, one error line', async () => {
    const board = new HealthBoard();
    const log = recordingLogger();
    let calls = 0;
    await keepTrying(
      async () => {
        calls++;
        throw new OperatorFixNeeded('SLACK_BOT_TOKEN was rejected');
      },
      { adapter: 'slack', log, report: board.reporter('slack'), signal: new AbortController().signal, minDelayMs: 1 },
    );
    expect(calls).toBe(1);
    expect(board.snapshot().slack).toEqual({ state: 'degraded', reason: 'SLACK_BOT_TOKEN was rejected' });
    expect(board.ready()).toBe(false);
    expect(log.lines).toEqual([{ level: 'error', message: 'SLACK_BOT_TOKEN was rejected', extra: { adapter: 'slack' } }]);
  });

  it('readiness: every configured adapter ok, and not stopping', () => {
    const board = new HealthBoard();
    board.reporter('web', { state: 'ok' });
    board.reporter('teams', { state: 'off' });
    const slack = board.reporter('slack');
    expect([board.ready(), board.settled()]).toEqual([false, false]);
    slack({ state: 'ok' });
    expect([board.ready(), board.settled()]).toEqual([true, true]);
    board.markStopping();
    expect(board.ready()).toBe(false);
  });
});

describe('what an operator reads', () => {
  const platform = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

  it('a rejected Slack token names the variable and where to get a new one', () => {
    const bot = slackStartProblem(platform('invalid_auth'), 'SLACK_BOT_TOKEN', 'https://slack.com/api/');
    expect(bot).toBeInstanceOf(OperatorFixNeeded);
    expect(bot.message).toMatch(/^SLACK_BOT_TOKEN was rejected by Slack \(invalid_auth\): copy the Bot User OAuth Token/u);
    expect(slackStartProblem(platform('not_allowed_token_type'), 'SLACK_APP_TOKEN', 'x').message).toMatch(/^SLACK_APP_TOKEN .*connections:write/u);
  });

  it('an unreachable or failing Slack API is retried, not blamed on a token', () => {
    const refused = Object.assign(new Error('fetch failed'), { code: 'slack_webapi_request_error', original: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }) });
    const e = slackStartProblem(refused, 'SLACK_BOT_TOKEN', 'http://127.0.0.1:1/api/');
    expect(e).not.toBeInstanceOf(OperatorFixNeeded);
    expect(e.message).toBe("cannot reach Slack's Web API at http://127.0.0.1:1/api/ (ECONNREFUSED): check the network, a proxy, or SLACK_API_URL");
    expect(slackStartProblem(Object.assign(new Error('x'), { code: 'slack_webapi_http_error', statusCode: 503 }), 'SLACK_BOT_TOKEN', 'u').message).toContain('HTTP 503');
  });
});
