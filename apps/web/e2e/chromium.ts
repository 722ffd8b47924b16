/**
 * Debian's Chromium, as the e2e tests and the page benches launch it: Playwright's own
 * download does not work on these machines.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
