/**
 * What every dashboard test file in headless Chromium starts from: one browser for the file and the test
 * API served on loopback, both closed when the file's tests end. One launch a file, not one a test: on
 * CI's two cores a launch costs seconds, a page in a running browser a fraction of that.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestApi } from '../api/api-test-app';

/** The Debian package, installed by .ci/install-system-packages; flags keep it offline and quiet. */
const chromiumOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
};

export interface DashboardBrowser {
  /**
   * Serves the API on a free loopback port until the file's tests end, each request through the gate if
   * given (which may answer it instead); the dashboard's URL.
   */
  serveApi(api: TestApi, gate?: { pass(request: Request): Promise<Response | undefined> }): Promise<string>;
  /** A blank page in a context of its own (its own storage, clock and time zone). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Call once at a test file's top level: launches Chromium before its tests and closes it and the servers after. */
export function useDashboardBrowser(): DashboardBrowser {
  let browser: Browser;
  const servers: ServerType[] = [];
  beforeAll(async () => {
    if (!existsSync(chromiumOptions.executablePath)) throw new Error('Chromium is missing: run .ci/install-system-packages (apt-get install chromium)');
    browser = await chromium.launch(chromiumOptions);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
  return {
    async serveApi(api, gate) {
      const fetch = async (request: Request) => {
        return (await gate?.pass(request)) ?? api.app.fetch(request);
      };
      const server = serve({ fetch, hostname: '127.0.0.1', port: 0 });
      servers.push(server);
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    },
    newPage: (options) => browser.newPage(options),
  };
}

/**
 * A full-page screenshot for a person to look at, only when EARSHOT_SCREENSHOTS names a folder: nothing
 * asserts on it, and written on every run it cost each run time and let parallel runs overwrite each other's.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.EARSHOT_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `earshot-${name}.png`), fullPage: true });
}
