// A browser suite that runs where Chromium is: skipped with a warning on a machine without it,
// and failing under CI=true, where the browser suite must run.
import { describe, it } from 'vitest';
import { hasChromium, MISSING_CHROMIUM } from './chromium';

export function describeInChromium(name: string, body: () => void): void {
  if (hasChromium()) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${MISSING_CHROMIUM} — CI must run the browser suite`);
      });
    });
  } else {
    console.warn(`skipping '${name}': ${MISSING_CHROMIUM}`);
    describe.skip(name, body);
  }
}
