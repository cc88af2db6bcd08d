// `npm test`'s pretest: the browser test drives Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium) with
// CJK and emoji fonts. As root with apt-get, what is missing is installed; otherwise this prints the one
// command to run, and only the browser test fails (with the same advice) until it has run.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const executable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const fonts = (() => {
  try {
    return execFileSync('fc-list', { encoding: 'utf8' });
  } catch {
    return undefined; // no fontconfig: nothing to tell
  }
})();

const missing = [];
if (!executable(path)) missing.push('chromium');
if (fonts !== undefined && !/Noto Sans CJK/iu.test(fonts)) missing.push('fonts-noto-cjk');
if (fonts !== undefined && !/Noto Color Emoji/iu.test(fonts)) missing.push('fonts-noto-color-emoji');
if (missing.length === 0) process.exit(0);

const command = `apt-get install -y ${missing.join(' ')}`;
if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !(missing.includes('chromium') && process.env.CHROMIUM_PATH)) {
  console.error(`pretest: installing ${missing.join(', ')} for the browser test (${command}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
  if (ok(['update', '-qq']) && ok(['install', '-y', '-qq', ...missing])) process.exit(0);
  console.error('pretest: apt-get failed (see above); the browser test will fail until Chromium is installed.');
  process.exit(0);
}
console.error(
  !missing.includes('chromium')
    ? `pretest: fonts missing for readable screenshots. Run: sudo ${command}`
    : process.env.CHROMIUM_PATH
      ? `pretest: CHROMIUM_PATH=${path} is not an executable: point it at a Chromium binary, or unset it and run: sudo ${command}. The browser test fails until then; the other tests run.`
      : `pretest: Chromium not found at ${path}. Run: sudo ${command} — or set CHROMIUM_PATH to a Chromium binary. The browser test fails until then; the other tests run.`,
);
