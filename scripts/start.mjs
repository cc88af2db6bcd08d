// `npm start`: build dist/ if it is missing or stale, then run the compiled bot in this same process (one node
// start-up instead of two). In production run `node dist/adapters/main.js` directly (README).
import { build } from './build.mjs';

build({ ifStale: true });
await import('../dist/adapters/main.js');
