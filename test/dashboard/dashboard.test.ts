import { once } from 'node:events';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/api/require-api-key';
import { BUCKET_MS } from '../../src/domain/bucket';
import { getAlert } from '../../src/storage/alert-store';
import { ensureApiKey } from '../../src/storage/api-key-store';
import type { Db } from '../../src/storage/database';
import { recordSourceFailure } from '../../src/storage/source-store';
import { createTestApi, seedAlert, seedMentions, T0, type TestApi } from '../api/api-test-app';

const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const KEY = 'dashboard-test-key-0123456789';
const HOUR = 3600_000;

/** The Debian package, installed by .ci/install-system-packages; flags keep it offline and quiet. */
const chromiumOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
};

async function seed(api: TestApi): Promise<void> {
  const { db } = api;
  // The secured app wants the key; the open one ignores it.
  const call = (method: string, path: string, body: unknown) => api.call(method, path, body, { authorization: `Bearer ${KEY}` });
  await call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark OR "fund spark"' });
  await call('POST', '/api/topics', { name: 'Globex', query: 'globex -jobs' });
  await call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml', name: 'Example blog' });
  const failing = await call('POST', '/api/sources', { kind: 'rss', url: 'https://news.example/rss' });
  await recordSourceFailure(db, failing.json.id, { kind: 'timeout', message: 'no answer within 10 s' }, T0, T0);
  const labels = ['positive', 'neutral', 'negative'] as const;
  await seedMentions(db, 1, [
    ...Array.from({ length: 24 }, (_, i) => ({
      key: `q${i}`,
      label: labels[i % 3]!,
      topicIds: [i % 4 === 0 ? 2 : 1],
      at: T0 - (24 - i) * HOUR + 7 * 60_000,
      title: `FundSpark weekly roundup #${i}`,
      text: 'Readers discuss the FundSpark app and its fees.',
    })),
    ...Array.from({ length: 8 }, (_, i) => ({
      key: `s${i}`,
      label: 'negative' as const,
      topicIds: [1],
      at: T0 - HOUR + i * BUCKET_MS,
      title: `FundSpark froze my account (${i})`,
      text: 'Support is silent and the withdrawals are stuck. Awful experience.',
    })),
    { key: 'xss', label: 'negative', topicIds: [1], at: T0 - 60_000, title: `Title ${XSS}`, text: `Body ${XSS} end`, explanation: [{ token: `<b>good</b>`, weight: -1.6, rule: 'negated' }, { token: 'awful', weight: -3, rule: 'lexicon' }] },
  ]);
  await seedAlert(db, 1, 'open', {
    observed: 9,
    expected: 1.2,
    windowStart: T0 - HOUR,
    windowEnd: T0,
    topMentions: [
      { id: 33, url: 'javascript:alert(3)', title: `Evidence ${XSS}`, excerpt: `Excerpt ${XSS}`, sentimentScore: -0.9, publishedAt: T0 - 60_000 },
      { id: 30, url: 'https://blog.example/s5', title: 'FundSpark froze my account (5)', excerpt: 'Support is silent…', sentimentScore: -0.7, publishedAt: T0 - 5 * 60_000 },
    ],
    sentiment: { before: 0.2, during: -0.64 },
    // Evidence is stored JSON: anything but a number is shown as unknown, never as markup.
    engagement: { perMentionBefore: XSS, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 },
  });
}

async function startServer(api: TestApi): Promise<{ server: ServerType; url: string }> {
  const server = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

let browser: Browser;
let open: TestApi;
let secured: TestApi;
let servers: ServerType[] = [];
let openUrl: string;
let securedUrl: string;

beforeAll(async () => {
  if (!existsSync(chromiumOptions.executablePath)) throw new Error('Chromium is missing: run .ci/install-system-packages (apt-get install chromium)');
  open = await createTestApi({ now: () => T0 });
  await seed(open);
  secured = await createTestApi({ now: () => T0, auth: { required: true } });
  await ensureApiKey(secured.db, 'env', await hashApiKey(KEY), T0);
  await seed(secured);
  const a = await startServer(open);
  const b = await startServer(secured);
  servers = [a.server, b.server];
  openUrl = a.url;
  securedUrl = b.url;
  browser = await chromium.launch(chromiumOptions);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function openPage(url: string): Promise<{ page: Page; dialogs: string[]; failures: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const dialogs: string[] = [];
  const failures: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
  await page.goto(url);
  return { page, dialogs, failures };
}

async function waitLoaded(page: Page): Promise<void> {
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
}

describe('dashboard in headless Chromium', () => {
  it('serves the page with a Content-Security-Policy', async () => {
    const response = await fetch(openUrl);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('shows topics, mentions, alerts and sources, with scraped markup rendered as text', async () => {
    const { page, dialogs, failures } = await openPage(openUrl);
    await waitLoaded(page);
    await page.screenshot({ path: '/tmp/earshot-dashboard.png', fullPage: true });

    expect(await page.locator('#topics li').count()).toBe(2);
    expect(await page.locator('#topics svg.spark polyline').count()).toBe(4);
    expect(await page.locator('#mentions li').count()).toBe(20);
    expect(await page.locator('#mentions-more').isVisible()).toBe(true);
    expect(await page.locator('#alerts li.alert').count()).toBe(1);
    expect(await page.locator('#sources tr').count()).toBe(2);
    expect(await page.locator('#sources td[data-status="failing"]').count()).toBe(1);
    expect(await page.locator('#health').textContent()).toContain('degraded');

    const mention = page.locator('#mentions li').first();
    expect(await mention.textContent()).toContain(`Title ${XSS}`);
    expect(await mention.textContent()).toContain(`Body ${XSS} end`);
    // The sentiment explanation names the words and rules, scraped tokens as text too.
    expect(await mention.locator('.explanation').textContent()).toBe('why: <b>good</b> -1.6 (negated), awful -3.0');
    expect(await page.locator('#mentions b').count()).toBe(0);
    expect(await page.locator('#alerts').textContent()).toContain(`Evidence ${XSS}`);
    expect(await page.locator('#alerts .alert-context').textContent()).toBe(
      'mean sentiment +0.20 → -0.64 · engagement per post unknown → 31.8, 1204 in all (46% of posts report it)',
    );
    // No element came out of the scraped text: the page has no img, one script (ours), and no javascript: link.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('acknowledges an alert with its button', async () => {
    const { page, dialogs } = await openPage(openUrl);
    await waitLoaded(page);
    await page.locator('#alerts li.alert[data-status="open"] button.ack').click();
    await page.waitForSelector('#alerts li.alert[data-status="acknowledged"]');
    expect(await page.locator('#alerts button.ack').count()).toBe(0);
    expect((await getAlert(open.db as Db, 1))?.status).toBe('acknowledged');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('loads the next page of mentions and filters by sentiment', async () => {
    const { page } = await openPage(openUrl);
    await waitLoaded(page);
    await page.locator('#mentions-more').click();
    await page.waitForFunction(() => document.querySelectorAll('#mentions li').length === 33);
    await page.selectOption('#mention-sentiment', 'positive');
    await page.waitForFunction(() => document.querySelectorAll('#mentions li').length === 8);
    const labels = await page.locator('#mentions .label').allTextContents();
    expect(new Set(labels)).toEqual(new Set(['positive']));
    await page.close();
  });

  it('asks for the API key when the server wants one, and keeps it in sessionStorage', async () => {
    const { page } = await openPage(securedUrl);
    await page.waitForSelector('body[data-loaded="error"]');
    expect(await page.locator('#notice').textContent()).toContain('API key');
    await page.fill('#api-key', KEY);
    await page.click('#key-form button');
    await waitLoaded(page);
    expect(await page.locator('#topics li').count()).toBe(2);
    expect(await page.evaluate(() => sessionStorage.getItem('earshot.apiKey'))).toBe(KEY);
    await page.reload();
    await waitLoaded(page);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    await page.close();
  });
});
