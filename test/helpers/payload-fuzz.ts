/**
 * Seeded, bounded payload fuzzing without a dependency: a seeded PRNG, random JSON values biased
 * towards what breaks parsers and handlers (null, wrong types, huge and odd strings, prototype keys), and
 * structural mutations of a valid payload (replace, delete, insert, wrap). Same seed, same requests.
 */
import { mulberry32 } from './seeded-random.js';

const ODD_STRINGS = ['', ' ', '\u0000', '<at>ssr-bot</at>', '<at>', '</at>', '&lt;&amp;', '<!channel>', '<@UBOT>', 'digest on 09:00 UTC', 'digest now', '13(d)', '名册', '🙂', '\u202e', '%00', '{', '"', '\\', 'null', 'undefined', 'NaN', '__proto__', 'constructor', 'toString', '/ssr', 'message', 'invoke', 'event_callback', 'block_actions', 'app_mention', 'composeExtension/query'];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'type', 'event', 'text', 'value', 'channel', 'user', 'team', 'entities', 'actions', 'serviceUrl', 'conversation', 'payload', 'command', 'response_url', 'name', 'parameters', 'length'];

export class Fuzzer {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  string(): string {
    switch (this.int(4)) {
      case 0:
        return this.pick(ODD_STRINGS);
      case 1:
        return this.pick(ODD_STRINGS).repeat(1 + this.int(3000));
      case 2:
        return Array.from({ length: this.int(40) }, () => String.fromCodePoint(this.pick([0x20 + this.int(95), 0x4e00 + this.int(500), 0x1f600 + this.int(50), this.int(32)]))).join('');
      default:
        return Array.from({ length: 1 + this.int(4) }, () => this.pick(ODD_STRINGS)).join(' ');
    }
  }

  value(depth = 0): unknown {
    const kind = this.int(depth > 2 ? 7 : 9);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, 13]);
      case 3:
      case 4:
      case 5:
        return this.string();
      case 6:
        return this.pick([[], {}, [null], { '': null }]);
      case 7:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.pick(ODD_KEYS), this.value(depth + 1)]));
    }
  }

  /** A copy of `seed` with 1–`max` random mutations anywhere in its tree (the root included). */
  mutate(seed: unknown, max = 3): unknown {
    let root = structuredClone(seed);
    const count = 1 + this.int(max);
    for (let i = 0; i < count; i++) {
      const slots = containers(root);
      if (slots.length === 0 || this.chance(0.05)) {
        root = this.value();
        continue;
      }
      const [parent, key] = this.pick(slots);
      const target = parent as Record<string, unknown>;
      switch (this.int(5)) {
        case 0:
          delete target[key];
          break;
        case 1: {
          const extra = this.pick(ODD_KEYS);
          // An array's length set to 2^53 would break the fuzzer, not the server.
          if (!(Array.isArray(target) && extra === 'length')) target[extra] = this.value();
          break;
        }
        case 2:
          target[key] = [target[key]];
          break;
        case 3:
          target[key] = typeof target[key] === 'string' ? this.string() : JSON.stringify(target[key] ?? null);
          break;
        default:
          target[key] = this.value();
      }
    }
    return root;
  }
}

/** Every (container, key) pair of a JSON tree, to pick a mutation point from. */
function containers(root: unknown): [object, string][] {
  const out: [object, string][] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      out.push([node, key]);
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  return out;
}
