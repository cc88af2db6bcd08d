import dns from 'node:dns';
import { isIP } from 'node:net';

/**
 * A safety net for tests that hand the bot hostile URLs (look-alike hosts, missing serviceUrls that stock
 * botbuilder would replace with the public endpoint): while it is on, no host name but "localhost" is
 * resolved in this process (literal addresses need no resolver), so even a regression cannot make a test send traffic beyond loopback.
 */
export function refuseNonLoopbackLookups(): { restore(): void; refused: string[] } {
  const original = dns.lookup;
  const refused: string[] = [];
  const guarded = (hostname: string, options: unknown, callback?: unknown) => {
    // Literal addresses never reach a resolver (binding the test servers looks them up too).
    if (hostname === 'localhost' || isIP(hostname)) return (original as (...a: unknown[]) => void)(hostname, options, callback);
    refused.push(hostname);
    const cb = (typeof options === 'function' ? options : callback) as (err: Error) => void;
    process.nextTick(() => cb(Object.assign(new Error(`test refused to resolve ${hostname}`), { code: 'ENOTFOUND' })));
  };
  dns.lookup = guarded as typeof dns.lookup;
  return {
    refused,
    restore() {
      dns.lookup = original;
    },
  };
}
