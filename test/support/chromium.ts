// Debian's Chromium for the browser tests and the browser benchmark: where it is, how to start
// it on these machines (the flags that keep it off a network it cannot reach).
import { existsSync } from 'node:fs';

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = () => existsSync(chromiumPath());

export const MISSING_CHROMIUM =
  `no Chromium at ${chromiumPath()}: install Debian's with \`apt-get update && apt-get install -y chromium\` ` +
  '(or set CHROMIUM_PATH)';

/** playwright's launch() gives every browser a fresh temporary profile (no --user-data-dir). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
