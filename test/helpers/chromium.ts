import { accessSync, constants } from 'node:fs';

/** Debian's Chromium for playwright-core (no browser download): CHROMIUM_PATH, else /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Throws the one thing to do when Chromium is not there (npm's pretest installs it when run as root). */
export function requireChromium(): string {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return CHROMIUM_PATH;
  } catch {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Run: sudo apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji (npm test does this itself when run as root), or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
}
