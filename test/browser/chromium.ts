import { existsSync } from 'node:fs';

/** Debian's Chromium (apt-get install chromium); playwright-core drives it and never downloads one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);
