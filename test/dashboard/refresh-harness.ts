/**
 * What the keyboard-focus and refresh tests share: the file's headless Chromium and loopback servers
 * (dashboard-browser.ts), a page whose clock the test runs (so the minute's refresh comes when it says),
 * and the questions those tests ask after a refresh.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Db } from '../../src/storage/database';
import { claimDelivery, enqueueDeliveries, getDelivery, recordDeliveryAttempt } from '../../src/storage/delivery-store';
import { disableEndpoint } from '../../src/storage/endpoint-store';
import { createTestApi, seedAlert, seedMentions, T0, type TestApi } from '../api/api-test-app';

const HOUR = 3_600_000;
import { useDashboardBrowser, type DashboardBrowser } from './dashboard-browser';

export interface RefreshHarness extends DashboardBrowser {
  /** The page at `hash`, loaded, its clock installed at T0 and run by hand. */
  openPage(url: string, hash: string): Promise<Page>;
}

/** Call once at a test file's top level: the file's Chromium and servers (useDashboardBrowser), and pages whose clock the test runs. */
export function useRefreshHarness(): RefreshHarness {
  const dashboard = useDashboardBrowser();
  return {
    ...dashboard,
    async openPage(url, hash) {
      const page = await dashboard.newPage({ viewport: { width: 1280, height: 900 } });
      // The browser's clock, run by hand: the minute's refresh comes when the test says.
      await page.clock.install({ time: T0 });
      await page.goto(url + hash);
      await page.waitForSelector('body[data-loaded="true"]');
      return page;
    },
  };
}

/** Holds a request the server was sent until the test lets it through: a race run in the order the test says. */
export interface RequestGate {
  /**
   * Holds the next request `picks` chooses: `held` resolves once it is held; `release` lets the server
   * answer it, or answers it with `answer` instead (a failure that comes when the test says).
   */
  holdNext(picks: (url: URL) => boolean): { held: Promise<void>; release(answer?: Response): void };
  /** What the server does first with every request: waits while it is the one held; the answer it is to give instead, if any. */
  pass(request: Request): Promise<Response | undefined>;
}

export function createRequestGate(): RequestGate {
  let next: { picks: (url: URL) => boolean; caught(): void; released: Promise<Response | undefined> } | null = null;
  return {
    holdNext(picks) {
      let caught = () => {};
      let release: (answer?: Response) => void = () => {};
      const held = new Promise<void>((resolve) => { caught = resolve; });
      const released = new Promise<Response | undefined>((resolve) => { release = resolve; });
      next = { picks, caught, released };
      return { held, release };
    },
    async pass(request) {
      const waiting = next;
      if (waiting === null || !waiting.picks(new URL(request.url))) return undefined;
      next = null;
      waiting.caught();
      return waiting.released;
    },
  };
}

/**
 * Something focusable and something to type into in every list a refresh rebuilds: topic 1 with open alerts 1
 * and 3 and resolved alert 2, a mention during them, source 1, webhook 1 with a dead delivery of alert 1 and
 * webhook 2 disabled (410 Gone), both needing attention. Served on loopback; the dashboard's URL.
 */
export async function serveEveryList(harness: Pick<RefreshHarness, 'serveApi'>): Promise<{ api: TestApi; url: string }> {
  const api = await createTestApi({ now: () => T0 });
  const { db } = api;
  expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
  expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml', topicId: 1 })).status).toBe(201);
  await seedMentions(db, 1, [{ key: 'froze', label: 'negative', topicIds: [1], at: T0 - 60_000, title: 'FundSpark froze my account' }]);
  const window = { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60 };
  await seedAlert(db, 1, 'open', { ...window, topMentions: [{ id: 1, url: 'https://blog.example/froze', title: 'FundSpark froze my account', excerpt: 'froze', sentimentScore: -0.5, publishedAt: T0 - 60_000 }] });
  await seedAlert(db, 1, 'resolved', window);
  await seedAlert(db, 1, 'open', window);
  await seedWebhooksNeedingAttention(api);
  return { api, url: await harness.serveApi(api) };
}

/** Webhook 1 with a dead delivery of alert 1 (which must exist) and webhook 2 disabled (410 Gone): both need attention. */
async function seedWebhooksNeedingAttention(api: TestApi): Promise<void> {
  const { db } = api;
  expect((await api.call('POST', '/api/webhooks', { url: 'https://hooks.example/earshot' })).status).toBe(201);
  expect((await api.call('POST', '/api/webhooks', { url: 'https://hooks.example/other' })).status).toBe(201);
  await disableEndpoint(db, 2, '410 Gone', T0);
  await enqueueDeliveries(db, { eventId: 'evt_alert_1_opened', alertId: 1, eventType: 'alert.opened', payload: '{}' }, [1], T0);
  await giveUp(db, 1);
}

/** The delivery sent once and given up on, as the deliver job leaves it after its last retry. */
async function giveUp(db: Db, deliveryId: number): Promise<void> {
  const lease = { deliveryId, until: T0 + 1 };
  expect(await claimDelivery(db, (await getDelivery(db, deliveryId))!, lease.until, T0)).toBeTruthy();
  await recordDeliveryAttempt(db, lease, { status: 'dead', nextAttemptAt: T0, error: 'HTTP 503' }, T0);
}

/**
 * Runs the minute's refresh and waits until the container is built anew: every child it had before is
 * gone (each marked first). The focus is put back in the same step as the build, so it is settled then.
 */
export async function refresh(page: Page, container: string): Promise<void> {
  await page.locator(container).evaluate((node) => { for (const child of node.children) child.setAttribute('data-before-refresh', ''); });
  await page.clock.runFor(60_000);
  await page.waitForFunction((container) => document.querySelector(`${container} > [data-before-refresh]`) === null, container);
}

/** Whether the focus is on the element the selector names in the page as it is now (not one of an earlier build), or where it is instead. */
export function focusIsOn(page: Page, selector: string): Promise<true | string> {
  return page.evaluate((selector) => {
    const focused = document.activeElement;
    if (focused !== null && focused === document.querySelector(selector) && !focused.closest('[data-before-refresh]')) return true;
    if (focused === null || focused === document.body) return 'the page';
    return `${focused.localName}.${focused.getAttribute('class') ?? ''}#${focused.id}${focused.closest('[data-before-refresh]') ? ' (the old build)' : ''}`;
  }, selector);
}
