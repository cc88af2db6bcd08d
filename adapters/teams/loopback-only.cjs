'use strict';
/**
 * Preloaded (node --require) into the Microsoft 365 Agents Playground process by `npm run teams:playground` and
 * the real-client test. The playground's bundle carries telemetry and cloud sign-in code and listens on every
 * interface; with this it listens on 127.0.0.1 only and cannot open a connection or resolve a name beyond
 * loopback. Every refusal is printed to stderr (and appended to LOOPBACK_GUARD_LOG when set).
 */
const dns = require('node:dns');
const fs = require('node:fs');
const net = require('node:net');

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1']);
const isLoopback = (host) => LOOPBACK_NAMES.has(String(host).toLowerCase()) || /^127\.\d+\.\d+\.\d+$/u.test(String(host));

function refusal(what) {
  const line = `loopback guard: refused ${what}`;
  process.stderr.write(`${line}\n`);
  if (process.env.LOOPBACK_GUARD_LOG) fs.appendFileSync(process.env.LOOPBACK_GUARD_LOG, `${what}\n`);
  return Object.assign(new Error(line), { code: 'ECONNREFUSED' });
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (options.path === undefined && !isLoopback(options.host ?? 'localhost')) {
    const error = refusal(`connect ${options.host}:${options.port}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(host, ...rest) {
  const callback = rest[rest.length - 1];
  if (!isLoopback(host) && typeof callback === 'function') {
    const error = refusal(`lookup ${host}`);
    process.nextTick(() => callback(error));
    return undefined;
  }
  return lookup.call(this, host, ...rest);
};

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function loopbackListen(...args) {
  // listen(port[, backlog][, callback]) with no host would bind every interface.
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') return listen.call(this, args[0], '127.0.0.1', ...args.slice(1));
  if (args[0] !== null && typeof args[0] === 'object' && args[0].path === undefined && args[0].host === undefined) return listen.call(this, { ...args[0], host: '127.0.0.1' }, ...args.slice(1));
  return listen.apply(this, args);
};
