/** Debian's Chromium driven by playwright-core, for the status page e2e tests; and what a page must not do. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash local/ensure-chromium.sh (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Collects requests to anywhere but `origin` and every console error or page error (a CSP violation is one). */
export function watchPage(page: Page, origin: string): { readonly foreign: string[]; readonly problems: string[] } {
  const foreign: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { foreign, problems };
}
