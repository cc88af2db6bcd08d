import { isIPv4 } from 'node:net';

/**
 * True for a literal loopback address (127.0.0.0/8, ::1, with or without IPv6 brackets). Host names, even
 * "localhost", are not: they go through the system resolver, and "127.0.0.1.evil.example" is a host name.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/u, '$1');
  return h === '::1' || (isIPv4(h) && h.startsWith('127.'));
}

/**
 * True when `url` parses (WHATWG URL) as http(s) to a literal loopback address, without credentials. The parser
 * normalises 0x7f.1 or 2130706433 to 127.0.0.1 before the check, so only the address that will really be dialled counts.
 */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  return isLoopbackHost(parsed.hostname);
}
