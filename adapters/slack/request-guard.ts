import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions } from '@slack/bolt';
import { describeError } from '../../src/errors.js';
import type { Logger } from '../logger.js';
import { sendJson } from '../server.js';
import { checkSlackPayload } from './payload-shape.js';

/**
 * In front of Bolt's HTTPReceiver on POST /slack/events: reads the body once (Bolt reuses it as `rawBody`),
 * verifies the signature with Bolt's own function, parses it as Bolt does, and refuses a signed body of the
 * wrong shape with 400 before Bolt can fail on it. Bolt's content-type handling is unchanged. This is the only
 * signature check (the receiver's own is off): nothing reaches Bolt's event handling but through here.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

export function guardSlackRequests(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  options: { signingSecret: string; command: string; log: Logger },
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let buffered;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: options.signingSecret, bodyLimit: SLACK_BODY_LIMIT }, req);
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413;
      options.log.warn('slack request refused', { reason: tooLarge ? 'body too large' : describeError(err) });
      req.resume();
      sendJson(res, tooLarge ? 413 : 401, { error: tooLarge ? 'body too large' : 'unauthorized' });
      return;
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch (err) {
      options.log.warn('slack request refused', { reason: `malformed body: ${describeError(err)}` });
      sendJson(res, 400, { error: 'bad request' });
      return;
    }
    const checked = checkSlackPayload(body, options.command);
    if (!checked.ok) {
      options.log.warn('slack request refused', { reason: checked.problem });
      sendJson(res, 400, { error: 'bad request' });
      return;
    }
    listener(req, res);
  };
}
