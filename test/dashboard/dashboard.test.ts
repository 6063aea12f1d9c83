import type { Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/api/require-api-key';
import { BUCKET_MS } from '../../src/domain/bucket';
import { getAlert, insertAlert, updateAlert } from '../../src/storage/alert-store';
import { defaultDetectorSettings } from '../../src/detection/detector-settings';
import type { SentimentLabel } from '../../src/domain/mention';
import { ensureApiKey } from '../../src/storage/api-key-store';
import { getMentionSentiment } from '../../src/storage/sentiment-store';
import type { Db } from '../../src/storage/database';
import { insertDeliveryAttempt } from '../../src/storage/delivery-attempt-store';
import { claimDelivery, enqueueDeliveries, getDelivery, recordDeliveryAttempt } from '../../src/storage/delivery-store';
import { getTopicDetectorSettings } from '../../src/storage/detector-settings-store';
import { disableEndpoint, getEndpoint, listEndpoints } from '../../src/storage/endpoint-store';
import { createSource, getSource, listSources, recordSourceFailure, recordSourceSuccess, requestSourceDeletion } from '../../src/storage/source-store';
import { getTopicMute } from '../../src/storage/topic-mute-store';
import { createTopic, findTopicByName, getTopic } from '../../src/storage/topic-store';
import { requestTopicDeletion } from '../../src/storage/topic-purge-store';
import { createTestApi, seedAlert, seedMentions, T0, type TestApi } from '../api/api-test-app';
import { saveScreenshot, useDashboardBrowser } from './dashboard-browser';

const XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const KEY = 'dashboard-test-key-0123456789';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

async function seed(api: TestApi): Promise<void> {
  const { db } = api;
  // The secured app wants the key; the open one ignores it.
  const call = (method: string, path: string, body: unknown) => api.call(method, path, body, { authorization: `Bearer ${KEY}` });
  await call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark OR "fund spark"' });
  await call('POST', '/api/topics', { name: 'Globex', query: 'globex -jobs' });
  const blog = await call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml', name: 'Example blog' });
  // Answered, but in part (as a Mastodon source whose one instance of three failed): healthy, says what it missed.
  await recordSourceSuccess(db, blog.json.id, undefined, T0 + 600_000, T0, '1 of 3 instances did not answer: <b>evil.example</b>: HTTP 503');
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
      { id: 30, url: 'https://blog.example/s5', title: 'FundSpark froze my account (5)', excerpt: 'Support is silent…', sentimentScore: -0.7, publishedAt: T0 - 5 * 60_000, copies: 12 },
      // Stored JSON again: a count that is not a number is not shown.
      { id: 31, url: 'https://blog.example/s6', title: 'FundSpark is fine for me', excerpt: 'No issues here', sentimentScore: 0.4, publishedAt: T0 - 6 * 60_000, copies: XSS as unknown as number },
    ],
    sentiment: { before: 0.2, during: -0.64 },
    // Evidence is stored JSON: anything but a number is shown as unknown, never as markup.
    engagement: { perMentionBefore: XSS, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 },
  });
}

/** A send's answer, recorded as the deliver job records it: by the sender that claimed the row. */
async function recordSend(db: Db, deliveryId: number, result: Parameters<typeof recordDeliveryAttempt>[2]): Promise<void> {
  const lease = { deliveryId, until: T0 + 1 };
  if (!(await claimDelivery(db, (await getDelivery(db, deliveryId))!, lease.until, T0))) throw new Error(`delivery ${deliveryId} could not be claimed`);
  await recordDeliveryAttempt(db, lease, result, T0);
}

const SLACK_URL = 'https://hooks.slack.com/services/T0000/B0000/secretpathtoken';
const GONE = '410 Gone <img src=x onerror=alert(5)>';

/**
 * What an operator acts on, on the open server only: a critical alert with the full evidence (alert 2),
 * a resolved one with its recovery (alert 3), a dead delivery to an enabled endpoint and a waiting one to
 * an endpoint Earshot disabled, and a rate-limited search source without credentials.
 */
async function seedOperations(api: TestApi): Promise<void> {
  const { db } = api;
  await insertAlert(db, {
    topicId: 1,
    kind: 'backlash',
    severity: 'critical',
    evidence: {
      signal: 'negative mentions per 60 minutes',
      windowMinutes: 60, windowStart: T0 - HOUR, windowEnd: T0,
      observed: 15, expected: 0.12, band: { low: 0, high: 1 }, surprise: 12.4,
      share: { of: 'negative', before: 0.08, during: 0.62, surprise: 9.3 },
      partialCoverage: true,
      needed: { surprise: 6, from: 'recent-surges', mentions: 11.4 },
      authors: { mentions: 15, known: 12, distinct: 3, top: { author: `@troll ${XSS}`, mentions: 9 } },
      sentiment: { before: 0.2, during: -0.64 },
      engagement: { perMentionBefore: null, perMentionDuring: 31.8, totalDuring: 1204, knownShare: 0.46 },
      // Stored out of order: the page sorts the pickup path by time.
      firstMentions: [
        { id: 27, url: 'https://blog.example/s2', title: 'FundSpark froze my account (2)', publishedAt: T0 - HOUR + 2 * BUCKET_MS, at: T0 - HOUR + 2 * BUCKET_MS, sentiment: 'negative', source: { kind: 'rss', name: 'Example blog' } },
        { id: 33, url: 'javascript:alert(6)', title: `Pickup ${XSS}`, publishedAt: T0 - HOUR + 60_000, at: T0 - HOUR, sentiment: 'negative', source: { kind: 'hackernews', name: `HN ${XSS}` } },
        { id: 26, url: 'https://blog.example/s1', title: null, publishedAt: null, at: T0 - HOUR + BUCKET_MS, sentiment: 'negative', source: { kind: 'rss', name: 'Example blog' } },
      ],
      terms: [{ term: 'withdrawals', surgeCount: 8, baselineCount: 0, z: 3.9 }, { term: `<b>frozen</b>`, surgeCount: 5, baselineCount: 1, z: 2.4 }],
      topMentions: [{ id: 33, url: 'javascript:alert(7)', title: `Top ${XSS}`, excerpt: `Excerpt ${XSS}`, sentimentScore: -0.9, publishedAt: T0 - 60_000, copies: 500, copiesAtLeast: true }],
      escalation: { windowMinutes: 60, windowStart: T0 - HOUR, windowEnd: T0, observed: 40, expected: 2.5, band: { low: 0, high: 6 }, surprise: 20.1, share: null, partialCoverage: false, authors: { mentions: 40, known: 30, distinct: 26, top: { author: `@b ${XSS}`, mentions: 3 } } },
      severity: 'critical',
    },
  }, T0);
  await seedAlert(db, 2, 'resolved', {
    recovery: { volumeBackAt: T0 + 2 * HOUR, minutesToVolume: 125, shareBackAt: T0 + 3 * HOUR, minutesToShare: 185 },
    peak: { windowMinutes: 60, windowStart: T0 + 15 * 60_000, windowEnd: T0 + 75 * 60_000, observed: 111, expected: 0.51, band: { low: 0, high: 1.9 }, surprise: 180.6, share: null, partialCoverage: false },
    share: { of: 'negative', before: 0.1, during: 0.5, surprise: 4 },
    surprise: 4.2,
    needed: { surprise: 4, from: 'record' },
  });
  await api.call('POST', '/api/webhooks', { url: 'https://hooks.example/earshot' });
  await api.call('POST', '/api/webhooks', { url: SLACK_URL });
  await disableEndpoint(db, 2, GONE, T0);
  await enqueueDeliveries(db, { eventId: 'evt_alert_2_opened', alertId: 2, eventType: 'alert.opened', payload: '{}' }, [1, 2], T0);
  for (const [attempt, outcome, httpStatus, next] of [[1, 'retry', 503, T0 + 5_000], [2, 'retry', 503, null]] as const) {
    await insertDeliveryAttempt(db, { deliveryId: 1, endpointId: 1, attemptedAt: T0 + attempt, outcome, httpStatus, latencyMs: 42, error: `HTTP 503 ${XSS}`, nextAttemptAt: next });
  }
  await recordSend(db, 1, { status: 'dead', nextAttemptAt: T0, error: `HTTP 503 ${XSS}` });
  await insertDeliveryAttempt(db, { deliveryId: 2, endpointId: 2, attemptedAt: T0, outcome: 'retry', httpStatus: null, latencyMs: 15_000, error: 'timeout after 15 s', nextAttemptAt: T0 + 30_000 });
  await recordSend(db, 2, { status: 'pending', nextAttemptAt: T0 + 30_000, error: 'timeout after 15 s' });
  const bluesky = await api.call('POST', '/api/sources', { kind: 'bluesky', url: 'https://bsky.social' });
  await recordSourceFailure(db, bluesky.json.id, { kind: 'rate-limited', message: 'HTTP 429, Retry-After 600' }, T0 + 600_000, T0);
}

const browser = useDashboardBrowser();
let open: TestApi;
let secured: TestApi;
let openUrl: string;
let securedUrl: string;

beforeAll(async () => {
  open = await createTestApi({ now: () => T0 });
  await seed(open);
  await seedOperations(open);
  secured = await createTestApi({ now: () => T0, auth: { required: true } });
  await ensureApiKey(secured.db, 'env', await hashApiKey(KEY), T0);
  await seed(secured);
  openUrl = await browser.serveApi(open);
  securedUrl = await browser.serveApi(secured);
}, 60_000);

async function openPage(url: string, viewport = { width: 1280, height: 1000 }): Promise<{ page: Page; dialogs: string[]; failures: string[]; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport });
  const dialogs: string[] = [];
  const failures: string[] = [];
  const consoleErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
  // API refusals are part of some tests; a page asset must never fail.
  page.on('response', (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/api/')) failures.push(`${response.url()} HTTP ${response.status()}`);
  });
  // Requests the browser makes by itself (the tab icon) raise no response event, only a console error.
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(url);
  return { page, dialogs, failures, consoleErrors };
}

/** How many lines each element's text takes as laid out (the distinct tops of its line boxes). */
function lineCounts(elements: Locator): Promise<number[]> {
  return elements.evaluateAll((nodes) => nodes.map((node) => {
    const text = document.createRange();
    text.selectNodeContents(node);
    return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size;
  }));
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
    const { page, dialogs, failures, consoleErrors } = await openPage(openUrl);
    await waitLoaded(page);
    await saveScreenshot(page, 'dashboard');

    expect(await page.locator('#topics li').count()).toBe(2);
    expect(await page.locator('#topics svg.spark polyline').count()).toBe(4);
    expect(await page.locator('#mentions li').count()).toBe(20);
    expect(await page.locator('#mentions-more').isVisible()).toBe(true);
    expect(await page.locator('#alerts li.alert').count()).toBe(2);
    expect(await page.locator('#alerts a.alert-title[href="#/alerts/2"]').count()).toBe(1);
    // What the window counted, as the detector named it; "mentions" for an alert stored without the name.
    expect(await page.locator('#alerts li[data-alert-id="2"] .alert-meta').first().textContent()).toContain('observed 15 vs expected 0.1 negative mentions per 60 minutes, ');
    expect(await page.locator('#alerts li[data-alert-id="1"] .alert-meta').first().textContent()).toContain(' vs expected 1.2 mentions, ');
    // The resolved one stays in sight under the open ones, with when it ended.
    expect(await page.locator('#resolved-title').isVisible()).toBe(true);
    expect(await page.locator('#resolved-alerts li.alert').count()).toBe(1);
    expect(await page.locator('#resolved-alerts li[data-alert-id="3"][data-status="resolved"] .alert-meta').first().textContent()).toMatch(/ · resolved .+ · observed /);
    // The card goes on past the opening window: a resolved alert's peak, an escalated one's escalation,
    // an end on the start's day as a time only.
    expect(await page.locator('#resolved-alerts li[data-alert-id="3"] .alert-worst').textContent()).toMatch(/^at its peak 111 vs expected 0\.5, \S.* – \d{1,2}:\d{2}:\d{2}\s?[AP]M$/);
    expect(await page.locator('#alerts li[data-alert-id="2"] .alert-worst').textContent()).toMatch(/^escalated on 40 vs expected 2\.5, /);
    expect(await page.locator('#alerts li[data-alert-id="1"] .alert-worst').count()).toBe(0);
    expect(await page.locator('#sources tr').count()).toBe(3);
    expect(await page.locator('#sources td[data-status="failing"]').count()).toBe(2);
    expect(await page.locator('#sources td[data-status="partial"]').count()).toBe(1);
    expect(await page.locator('#sources tr[data-source-id="1"]').textContent()).toContain('partial: 1 of 3 instances did not answer: <b>evil.example</b>: HTTP 503');
    expect(await page.locator('#sources b').count()).toBe(0);
    // Backoff state and stated limits come with the list: one request for the table, none per source.
    expect(await page.locator('#sources td[data-backoff]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-backoff')))).toEqual(['ok', 'backoff', 'rate-limited']);
    expect(await page.locator('#sources tr[data-source-id="3"] td.schedule').textContent()).toMatch(/^rate-limited by the service: next check /);
    expect(await page.locator('#sources tr[data-source-id="3"] .missing-credentials').textContent()).toBe('needs EARSHOT_BLUESKY_IDENTIFIER, EARSHOT_BLUESKY_APP_PASSWORD');
    expect(await page.locator('#health').textContent()).toContain('degraded');

    const mention = page.locator('#mentions li').first();
    expect(await mention.textContent()).toContain(`Title ${XSS}`);
    expect(await mention.textContent()).toContain(`Body ${XSS} end`);
    // The sentiment explanation names the words and rules, scraped tokens as text too.
    expect(await mention.locator('.explanation').textContent()).toBe('why: <b>good</b> -1.6 (negated), awful -3.0');
    expect(await page.locator('#mentions b').count()).toBe(0);
    expect(await page.locator('#alerts').textContent()).toContain(`Evidence ${XSS}`);
    // A copied post says how often it was posted; each mention is labelled by its own score.
    expect(await page.locator('#alerts').textContent()).toContain('Support is silent… · posted 12 times');
    expect(await page.locator('#alerts').textContent()).toContain('No issues here');
    expect(await page.locator('#alerts').textContent()).not.toContain('No issues here · posted');
    expect(await page.locator('#alerts li[data-alert-id="1"] .label[data-label]').evaluateAll((labels) => labels.map((l) => `${l.getAttribute('data-label')} ${l.textContent}`))).toEqual(
      expect.arrayContaining(['negative -0.90', 'negative -0.70', 'positive +0.40']),
    );
    expect(await page.locator('#alerts li[data-alert-id="1"] .alert-context').textContent()).toBe(
      'mean sentiment +0.20 → -0.64 · engagement per post unknown → 31.8, 1204 in all (46% of posts report it)',
    );
    // No element came out of the scraped text: the page has no img, one script (ours), and no javascript: link.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(failures).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('fits a phone screen: alert links are opened from Slack and Discord on phones', async () => {
    const phone = { width: 390, height: 844 };
    for (const hash of ['#/alerts/2', '#/', '#/topics/1']) {
      const { page, failures } = await openPage(openUrl + hash, phone);
      await waitLoaded(page);
      // Nothing wider than the screen (the sources table scrolls inside its own box).
      expect(await page.evaluate(() => document.documentElement.scrollWidth), hash).toBeLessThanOrEqual(phone.width);
      if (hash === '#/alerts/2') {
        await saveScreenshot(page, 'alert-phone');
        // Each fact reads across the card, not one letter per line beside its label.
        const widths = await page.locator('#alert-evidence dd').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
        expect(widths.length).toBeGreaterThan(5);
        expect(Math.min(...widths)).toBeGreaterThan(250);
        // The chart is drawn at the screen's width, its hour labels thinned to fit rather than shrunk.
        expect(Number((await page.locator('#alert-chart svg').getAttribute('viewBox'))!.split(' ')[2])).toBeLessThan(390);
        expect(await page.locator('#alert-chart text.hour').count()).toBeLessThanOrEqual(4);
      }
      // No button breaks its word over two lines beside a long feed URL ("Disabl" / "e").
      const visible = page.locator('button:visible');
      const [texts, lines] = [await visible.allTextContents(), await lineCounts(visible)];
      expect(texts.length, hash).toBeGreaterThan(0);
      expect(texts.filter((text, i) => !text.includes(' ') && lines[i]! > 1), hash).toEqual([]);
      if (hash === '#/alerts/2') {
        // The delivery attempt log: its headings whole ("outc/ome" before), the table scrolling in its own box.
        await page.locator('#alert-deliveries table.attempts').first().waitFor();
        const headings = await lineCounts(page.locator('#alert-deliveries table.attempts th'));
        expect(headings.length).toBeGreaterThan(0);
        expect(Math.max(...headings)).toBe(1);
        // A time stays on one line (it broke inside "11/30/2026" before); the table scrolls instead.
        const times = await lineCounts(page.locator('#alert-deliveries table.attempts td:nth-child(2)'));
        expect(Math.max(...times)).toBe(1);
      }
      if (hash === '#/topics/1') {
        // The week's chart too is drawn at the screen's width, not scaled down from a desktop's.
        await page.locator('#topic-chart svg.week').waitFor();
        expect(Number((await page.locator('#topic-chart svg.week').getAttribute('viewBox'))!.split(' ')[2])).toBeLessThan(390);
      }
      expect(failures).toEqual([]);
      await page.close();
    }
  }, 60_000); // three pages in a row: 10 s alone, more beside other browser tests on two cores

  it('acknowledges an alert with its button', async () => {
    const { page, dialogs } = await openPage(openUrl);
    await waitLoaded(page);
    await page.locator('#alerts li.alert[data-alert-id="1"] button.ack').click();
    await page.waitForSelector('#alerts li.alert[data-alert-id="1"][data-status="acknowledged"]');
    expect(await page.locator('#alerts li.alert[data-alert-id="1"] button.ack').count()).toBe(0);
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

  it('asks for the API key when the server wants one, in its own words over no empty sections, and keeps it in sessionStorage', async () => {
    const { page } = await openPage(securedUrl);
    await page.waitForSelector('body[data-loaded="error"]');
    // The key prompt, not the API's "Authorization: Bearer <key>", and nothing of a page that did not load.
    expect(await page.locator('#load-failure-text').textContent()).toBe('The server asks for an API key: enter it above and press Use.');
    expect(await page.locator('#overview').isHidden()).toBe(true);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    await page.fill('#api-key', 'not-the-key-0123456789');
    await page.click('#key-form button');
    await page.waitForSelector('#load-failure-text:text-is("The server did not accept this API key: enter the right one above and press Use.")');
    expect(await page.locator('#overview').isHidden()).toBe(true);
    await page.fill('#api-key', KEY);
    await page.click('#key-form button');
    await waitLoaded(page);
    expect(await page.locator('#load-failure').isHidden()).toBe(true);
    expect(await page.locator('#topics li').count()).toBe(2);
    expect(await page.evaluate(() => sessionStorage.getItem('earshot.apiKey'))).toBe(KEY);
    await page.reload();
    await waitLoaded(page);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    expect(await page.locator('#load-failure').isHidden()).toBe(true);
    await page.close();
  });
});

describe('alert page and deliveries needing attention (one page, navigated by its hash)', () => {
  let view: Awaited<ReturnType<typeof openPage>>;
  const fact = (key: string) => view.page.locator(`#alert-evidence dd[data-fact="${key}"]`).textContent();
  const goTo = (hash: string) => view.page.evaluate((h) => { location.hash = h; }, hash);
  const alertLoaded = (id: number) => view.page.waitForSelector(`body[data-loaded="true"][data-view="alert"] #alert-page[data-alert-id="${id}"]`);

  beforeAll(async () => {
    view = await openPage(`${openUrl}#/alerts/2`);
  });

  afterAll(async () => {
    await view?.page.close();
  });

  it('opens an alert straight from its link, with its evidence readable and scraped markup as text', async () => {
    const { page, dialogs, failures } = view;
    await alertLoaded(2);
    await saveScreenshot(page, 'alert-page');
    expect(await page.locator('#overview').isHidden()).toBe(true);
    expect(await page.locator('#alert-heading').textContent()).toBe('FundSpark: Backlash (alert #2)');
    expect(await page.locator('#alert-head .pill').allTextContents()).toEqual(['critical', 'open']);
    expect(await fact('signal')).toBe('negative mentions per 60 minutes');
    expect(await fact('count')).toBe('15 observed vs 0.12 expected, usual range 0–1');
    expect(await fact('surprise')).toBe("12.4 (about a 1 in 10^12 chance under the usual pattern); needed 6.0 (the topic's sensitivity) and over 11 mentions above expected (a fifth above this topic's third-largest surge of the past 14 days)");
    expect(await fact('share')).toBe('8% → 62% (surprise 9.3)');
    expect(await fact('sentiment')).toBe('+0.20 → -0.64');
    expect(await fact('engagement')).toBe('unknown → 31.8, 1204 in all (46% of mentions report it)');
    expect(await page.locator('#alert-evidence dd[data-fact="authors"][data-flag="one-author"]').textContent()).toBe(`3 authors for the 12 of 15 mentions that name one; most: @troll ${XSS} (9) — mostly one author, maybe not a crowd`);
    expect(await page.locator('#alert-evidence dd[data-fact="coverage"][data-flag="partial"]').textContent()).toMatch(/^partial: a source was failing/);
    expect(await fact('escalation')).toMatch(/^to critical: 40 observed vs 2\.50 expected, usual range 0–6 in .+; surprise 20\.1 \(about a 1 in 10\^20 chance/);
    const escalation = (await fact('escalation')) ?? '';
    expect(escalation.slice(escalation.indexOf('; authors:'))).toBe(`; authors: 26 authors for the 30 of 40 mentions that name one; most: @b ${XSS} (3)`);
    expect(await page.locator('#alert-evidence dd[data-fact="recovery"]').count()).toBe(0);

    // The pickup path in time order (stored out of order), each with its source; titles and names as text.
    expect(await page.locator('#alert-pickup li').evaluateAll((items) => items.map((li) => li.getAttribute('data-mention-id')))).toEqual(['33', '26', '27']);
    const first = page.locator('#alert-pickup li').first();
    expect(await first.locator('.source-kind').textContent()).toBe('hackernews');
    expect(await first.locator('.source-name').textContent()).toBe(`HN ${XSS}`);
    expect(await first.locator('.pickup-title').textContent()).toBe(`Pickup ${XSS}`);
    expect(await page.locator('#alert-pickup li[data-mention-id="27"] a').getAttribute('href')).toBe('https://blog.example/s2');
    // No title: the link reads as its URL; a javascript: URL is no link at all.
    expect(await page.locator('#alert-pickup li[data-mention-id="26"] .pickup-title a').textContent()).toBe('https://blog.example/s1');
    expect(await first.locator('a').count()).toBe(0);
    expect(await page.locator('#alert-terms .term').allTextContents()).toEqual(['withdrawals', '<b>frozen</b>']);
    expect(await page.locator('#alert-top').textContent()).toContain(`Top ${XSS}`);
    expect(await page.locator('#alert-top').textContent()).toContain(`Excerpt ${XSS}`);
    expect(await page.locator('#alert-top').textContent()).toContain('posted 500+ times');

    // Deliveries with their attempt logs; a Slack endpoint is named by host, never by its secret URL.
    const dead = page.locator('#alert-deliveries li[data-delivery-id="1"]');
    expect(await dead.getAttribute('data-status')).toBe('dead');
    const rows = dead.locator('table.attempts tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual(['1', expect.any(String), 'retry', 'HTTP 503', '42 ms', `HTTP 503 ${XSS}`, expect.any(String)]);
    expect(await rows.nth(1).locator('td').nth(6).textContent()).toBe('none (last attempt)');
    expect(await dead.locator('button.redeliver').count()).toBe(1);
    const waiting = page.locator('#alert-deliveries li[data-delivery-id="2"]');
    expect(await waiting.textContent()).toContain('alert.opened → webhook #2 (slack, hooks.slack.com, disabled)');
    expect(await waiting.textContent()).toContain('next attempt');
    expect(await waiting.locator('button.redeliver').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('secretpathtoken');

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(failures).toEqual([]);
  });


  it("draws the topic's mentions around the alert: its window shaded, the usual level dashed, when it opened", async () => {
    const { page } = view;
    await alertLoaded(2);
    const chart = page.locator('#alert-chart svg.surge');
    // Six hours before the one-hour window to now (the alert is open), in 5-minute buckets.
    const points = async (line: string) => (await chart.locator(`polyline.${line}`).getAttribute('points'))!.split(' ');
    expect(await points('all')).toHaveLength(84);
    expect(await points('neg')).toHaveLength(84);
    // The window is the last seventh of the width, the opening at its end, no resolution yet.
    const rect = await chart.locator('rect.window').evaluate((r) => ({ x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')) }));
    expect(rect.x).toBeGreaterThan(600);
    expect(rect.width).toBeGreaterThan(90);
    expect(await chart.locator('line.usual').count()).toBe(1);
    // Seven hours, one label an hour (in the browser's time zone, so 7 or 8 of them).
    expect(await chart.locator('text.hour').count()).toBeGreaterThanOrEqual(7);
    expect(await chart.locator('text.hour').count()).toBeLessThanOrEqual(8);
    // Escalated at the end of the window that escalated it (the seed's is the same hour): no resolution yet.
    expect(await chart.locator('line.marker').evaluateAll((lines) => lines.map((l) => l.getAttribute('data-marker')))).toEqual(['opened', 'escalated']);
    expect(await page.locator('#alert-chart .meta').textContent()).toBe(
      'mentions per 5 minutes (blue), negative (red); shaded: the window the alert was judged on, dashed: the usual negative level there; busiest bucket 2',
    );
    expect(await page.locator('#alert-chart-empty').isHidden()).toBe(true);
  });

  it('lists the mentions during the alert in its tone, newest first, and in another tone on request', async () => {
    const { page } = view;
    await alertLoaded(2);
    // From the window's start (an hour before) to now, the alert being open: the backlash's negative ones.
    expect(await page.inputValue('#alert-mention-sentiment')).toBe('negative');
    expect(await page.locator('#alert-mentions-range').textContent()).toMatch(/^from .+ to now, newest first$/);
    const labels = () => page.locator('#alert-mentions li .label').allTextContents();
    expect(await labels()).toEqual(Array(10).fill('negative'));
    // Newest first: the hostile title (a minute before T0) leads, shown as text.
    expect(await page.locator('#alert-mentions li').first().textContent()).toContain(`Title ${XSS}`);
    // Opened straight from its link: the topics are named, not numbered.
    expect(await page.locator('#alert-mentions li .meta').last().textContent()).toMatch(/ · FundSpark$/);
    expect(await page.locator('#alert-mentions img').count()).toBe(0);
    await page.selectOption('#alert-mention-sentiment', 'positive');
    await page.waitForSelector('#alert-mentions-empty:not([hidden])');
    expect(await page.locator('#alert-mentions li').count()).toBe(0);
    await page.selectOption('#alert-mention-sentiment', '');
    await expect.poll(() => page.locator('#alert-mentions li').count()).toBe(10);
  });

  it("puts the tone back and says why when the alert's mentions in another tone cannot be read", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    try {
      await page.goto(`${openUrl}#/alerts/2`);
      await page.waitForSelector('body[data-loaded="true"] #alert-page[data-alert-id="2"][data-state="loaded"]');
      await expect.poll(() => page.locator('#alert-mentions li').count()).toBe(10);
      await page.route('**/api/mentions?*', (route: Route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' }));
      await page.selectOption('#alert-mention-sentiment', 'positive');
      await page.waitForSelector('#alert-mentions-feedback[data-kind="error"]:not([hidden])');
      expect(await page.locator('#alert-mentions-feedback').textContent()).toBe('Could not filter the mentions: down; the tone is back to what the list shows.');
      // The list still shows the negative mentions, and the filter says so again.
      expect(await page.inputValue('#alert-mention-sentiment')).toBe('negative');
      expect(await page.locator('#alert-mentions li .label').allTextContents()).toEqual(Array(10).fill('negative'));
      await page.unroute('**/api/mentions?*');
      await page.selectOption('#alert-mention-sentiment', '');
      await page.waitForSelector('#alert-mentions-feedback[hidden]', { state: 'attached' });
      expect(await page.inputValue('#alert-mention-sentiment')).toBe('');
    } finally {
      await page.close();
    }
  });

  it('says so when the counts, the mentions or the deliveries of an alert cannot be read, and shows the rest of the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const down = (route: Route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' });
    await page.route('**/api/topics/*/series?*', down);
    await page.route('**/api/mentions?*', down);
    await page.route('**/api/deliveries?*', down);
    await page.goto(`${openUrl}#/alerts/2`);
    await page.waitForSelector('body[data-loaded="true"] #alert-page[data-alert-id="2"][data-state="loaded"]');
    await page.waitForSelector('#alert-chart-empty:not([hidden])');
    expect(await page.locator('#alert-chart svg').count()).toBe(0);
    expect(await page.locator('#alert-mentions-empty').textContent()).toBe('The mentions could not be loaded: down');
    expect(await page.locator('#alert-deliveries-empty').textContent()).toBe('The deliveries could not be loaded: down');
    expect(await page.locator('#alert-evidence dd[data-fact="signal"]').textContent()).toBe('negative mentions per 60 minutes');
    await page.close();
  });
  it('moves between the overview and alert pages on hash changes, without reloading', async () => {
    const { page } = view;
    await page.evaluate(() => { (window as unknown as { earshotMarker: string }).earshotMarker = 'same document'; });
    await page.click('#back-link');
    await page.waitForSelector('body[data-loaded="true"][data-view="overview"]');
    expect(await page.locator('#alert-page').isHidden()).toBe(true);
    await page.click('#alerts a.alert-title[href="#/alerts/2"]');
    await alertLoaded(2);
    await goTo('#/alerts/3');
    await alertLoaded(3);
    expect(await page.locator('#alert-head .pill').allTextContents()).toEqual(['warning', 'resolved']);
    expect(await fact('surprise')).toBe("4.2 (about a 1 in 15,849 chance under the usual pattern); needed 4.0 (lowered: this topic's biggest surge of its kind in 14 days)");
    expect(await fact('recovery')).toMatch(/^volume back after 2 h 5 min \(.+\); negative share back after 3 h 5 min \(.+\)$/);
    expect(await page.locator('#alert-actions button.ack').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { earshotMarker?: string }).earshotMarker)).toBe('same document');
  });

  it('acknowledges and snoozes from the alert page, says what happened, and the database follows', async () => {
    const { page, dialogs } = view;
    await goTo('#/alerts/2');
    await alertLoaded(2);
    // A refusal is reported next to the buttons, and the button stays usable.
    await page.route('**/api/alerts/2/ack', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'conflict', message: 'alert 2 is resolved already' } }) }),
    );
    await page.click('#alert-actions button.ack');
    await page.waitForSelector('#alert-feedback[data-kind="error"]');
    expect(await page.locator('#alert-feedback').textContent()).toBe('Could not acknowledge: alert 2 is resolved already');
    await page.unroute('**/api/alerts/2/ack');

    await page.click('#alert-actions button.ack:not([disabled])');
    await page.waitForSelector('#alert-page[data-status="acknowledged"]');
    expect(await page.locator('#alert-feedback').getAttribute('data-kind')).toBe('ok');
    expect(await page.locator('#alert-feedback').textContent()).toMatch(/^Alert #2 acknowledged/);
    expect((await getAlert(open.db as Db, 2))?.status).toBe('acknowledged');
    expect(await page.locator('#alert-actions button.ack').count()).toBe(0);

    await page.selectOption('#snooze-for', { label: '4 hours' });
    await page.click('#alert-actions button.snooze');
    await page.waitForSelector('#alert-actions .mute-state');
    expect(await page.locator('#alert-feedback').textContent()).toMatch(/^Notifications for FundSpark are snoozed for 4 hours: only an escalation is sent/);
    // Four hours by the server's clock (T0), which ends the snooze, not the browser's.
    expect((await getTopicMute(open.db as Db, 1))?.mutedUntil).toBe(T0 + 4 * HOUR);
    expect(await page.locator('#alert-actions .mute-state').textContent()).toMatch(/^Notifications for FundSpark are snoozed until .* \(an escalation is still sent\)/);
    await page.click('#alert-actions button.unmute');
    await page.waitForSelector('#alert-actions button.snooze');
    expect(await getTopicMute(open.db as Db, 1)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('says so for an alert that does not exist, with the id as text', async () => {
    const { page } = view;
    await goTo('#/alerts/999');
    await page.waitForSelector('body[data-loaded="true"] #alert-page[data-state="missing"]');
    expect(await page.locator('#alert-heading').textContent()).toBe('No alert 999');
    expect(await page.locator('#alert-missing').isVisible()).toBe(true);
    expect(await page.locator('#alert-evidence-section').isHidden()).toBe(true);
    expect(await page.locator('#alert-deliveries-section').isHidden()).toBe(true);
    await goTo('#/alerts/<img src=x onerror=alert(8)>');
    await page.waitForFunction(() => document.getElementById('alert-heading')?.textContent?.startsWith('No alert <'));
    expect(await page.locator('#alert-heading').textContent()).toBe('No alert <img src=x onerror=alert(8)>');
    expect(await page.locator('img').count()).toBe(0);
    expect(view.dialogs).toEqual([]);
  });

  it('lists the dead delivery and the disabled endpoint needing attention, and re-enables and redelivers them', async () => {
    const { page, failures } = view;
    await goTo('#/');
    await page.waitForSelector('body[data-loaded="true"][data-view="overview"]');
    const dead = page.locator('#attention-deliveries li[data-delivery-id="1"]');
    expect(await dead.getAttribute('data-status')).toBe('dead');
    expect(await dead.locator('a').getAttribute('href')).toBe('#/alerts/2');
    expect(await dead.textContent()).toContain('alert.opened alert #2 → webhook #1 (webhook, hooks.example)');
    expect(await dead.textContent()).toContain(`last error: HTTP 503 ${XSS}`);
    // Its log holds two attempts; its place on the retry schedule (deliveries.attempts) says one.
    expect(await dead.locator('.meta').textContent()).toMatch(/^delivery #1 · 2 attempts · created /);
    expect(await page.locator('#attention-endpoints li').count()).toBe(1);
    const endpoint = page.locator('#attention-endpoints li[data-webhook-id="2"]');
    expect(await endpoint.getAttribute('data-status')).toBe('disabled');
    expect(await endpoint.locator('.endpoint-name').textContent()).toBe('webhook #2 (slack, hooks.slack.com, disabled)');
    expect(await endpoint.locator('.reason').textContent()).toMatch(/^disabled .+: 410 Gone <img src=x onerror=alert\(5\)>$/);
    expect(await page.locator('#attention-section').textContent()).not.toContain('secretpathtoken');

    await endpoint.locator('button.reenable').click();
    await page.waitForSelector('#attention-endpoints li[data-webhook-id="2"]', { state: 'detached' });
    expect(await page.locator('#attention-feedback').textContent()).toMatch(/^Webhook #2 is enabled again/);
    expect((await getEndpoint(open.db as Db, 2))?.enabled).toBe(true);

    // The test app has no network: the redelivery is attempted at once, fails, and goes back on the schedule.
    await dead.locator('button.redeliver').click();
    await page.waitForSelector('#attention-deliveries li[data-delivery-id="1"]', { state: 'detached' });
    expect(await page.locator('#attention-feedback').getAttribute('data-kind')).toBe('warn');
    expect(await page.locator('#attention-feedback').textContent()).toMatch(/^Delivery #1 sent again: retry \(.+\)\. It is retried on the schedule from the start\.$/);
    expect((await getDelivery(open.db as Db, 1))?.status).toBe('pending');
    expect(await page.locator('img').count()).toBe(0);
    // On the alert page the delivery counts every send in its log, the redelivered one numbered on from them.
    await goTo('#/alerts/2');
    await alertLoaded(2);
    const redelivered = page.locator('#alert-deliveries li[data-delivery-id="1"]');
    await expect.poll(() => redelivered.locator('table.attempts tbody tr').count()).toBe(3);
    expect(await redelivered.locator('table.attempts tbody tr td:first-child').allTextContents()).toEqual(['1', '2', '3']);
    expect(await redelivered.locator('.meta').first().textContent()).toMatch(/^delivery #1 · 3 attempts · next attempt /);
    expect(failures).toEqual([]);
  });
});

/**
 * A topic with ten days of history for the preview: ordinary talk every 15 minutes (one in five
 * negative, in a scrambled order), a clear storm four days before now (30 angry posts in 30 minutes,
 * which every sensitivity fires on) and a small one a day and a half before now (7 in 20 minutes,
 * surprise about 5: only `high`, whose bar is 4.5, fires on it; `medium` needs 6).
 */
async function seedReplayTopic(api: TestApi): Promise<number> {
  const { json: topic } = await api.call('POST', '/api/topics', { name: 'Initech', query: 'initech' });
  const items: Array<{ key: string; label: SentimentLabel; topicIds: number[]; at: number }> = [];
  for (let t = T0 - 10 * DAY, i = 0; t < T0; t += 15 * MIN, i++) items.push({ key: `init${i}`, label: (i * 7) % 5 === 0 ? 'negative' : 'neutral', topicIds: [topic.id], at: t });
  for (const [hoursBefore, count, minutes] of [[96, 30, 30], [36, 7, 20]] as const) {
    for (let k = 0; k < count; k++) items.push({ key: `storm${hoursBefore}-${k}`, label: 'negative', topicIds: [topic.id], at: T0 - hoursBefore * HOUR + Math.floor((k * minutes * MIN) / count) });
  }
  await seedMentions(api.db, 1, items);
  return topic.id;
}

describe('managing topics, sources and detector settings (one page)', () => {
  let view: Awaited<ReturnType<typeof openPage>>;
  let initech = 0;
  const db = () => open.db as Db;
  const goTo = (hash: string) => view.page.evaluate((h) => { location.hash = h; }, hash);
  const fieldError = (form: string, field: string) => view.page.locator(`#${form} .field[data-field="${field}"] .field-error`);

  beforeAll(async () => {
    initech = await seedReplayTopic(open);
    view = await openPage(openUrl);
    await waitLoaded(view.page);
  });

  afterAll(async () => {
    await view?.page.close();
  });

  it('creates a topic from the overview, with a query the API refuses shown under its field', async () => {
    const { page } = view;
    await page.fill('#topic-create input[name="name"]', 'Umbrella');
    await page.fill('#topic-create input[name="query"]', 'umbrella AND (corp');
    await page.click('#topic-create button[type="submit"]');
    await expect.poll(() => fieldError('topic-create', 'query').textContent()).toMatch(/^is not a valid query: /);
    expect(await findTopicByName(db(), 'Umbrella')).toBeUndefined();
    // A screen reader hears the error with the field: the control names its error line and is marked invalid.
    const queryInput = page.locator('#topic-create input[name="query"]');
    expect(await queryInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await queryInput.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain(await fieldError('topic-create', 'query').getAttribute('id'));
    expect(await page.evaluate((ids) => ids.map((id) => document.getElementById(id) !== null), describedBy)).not.toContain(false);

    await page.fill('#topic-create input[name="query"]', 'umbrella OR "umbrella corp"');
    await page.click('#topic-create button[type="submit"]');
    await page.waitForSelector('#topics a.topic-name:text-is("Umbrella")');
    expect(await fieldError('topic-create', 'query').isHidden()).toBe(true);
    expect(await queryInput.getAttribute('aria-invalid')).toBeNull();
    expect(await findTopicByName(db(), 'Umbrella')).toMatchObject({ query: 'umbrella OR "umbrella corp"', enabled: true });
    expect(await page.locator('#topic-create-feedback').textContent()).toMatch(/^Topic "Umbrella" added/);
    // Created just now: the hours before it were never listened to, so they are blank, not a flat zero.
    const card = page.locator('#topics li', { has: page.locator('a.topic-name:text-is("Umbrella")') });
    expect(await card.locator('.meta').textContent()).toBe('no mentions yet');
    expect((await card.locator('polyline.all').getAttribute('points'))!.split(' ')).toHaveLength(1);
    expect((await page.locator('#topics li').first().locator('polyline.all').getAttribute('points'))!.split(' ').length).toBeGreaterThan(20);
    const umbrella = (await findTopicByName(db(), 'Umbrella'))!;
    await goTo('#/topics/' + umbrella.id);
    await page.waitForSelector(`#topic-page[data-topic-id="${umbrella.id}"][data-state="loaded"]`);
    expect(await page.locator('#topic-chart .meta').textContent()).toMatch(/^0 mentions, 0 negative; busiest hour 0 · tracked since .+$/);
    expect((await page.locator('#topic-chart polyline.all').getAttribute('points'))!.split(' ')).toHaveLength(1);
    await goTo('#/');
    await page.waitForSelector('body[data-loaded="true"][data-view="overview"]');
  });

  it('creates a Mastodon search source for that topic with its settings, a bad tag named by position', async () => {
    const { page } = view;
    const umbrella = (await findTopicByName(db(), 'Umbrella'))!;
    await page.selectOption('#source-create select[name="kind"]', 'mastodon');
    // The search kinds get their usual address, and the Mastodon settings show.
    expect(await page.inputValue('#source-create input[name="url"]')).toBe('https://mastodon.social');
    expect(await page.locator('#source-create .field[data-field="config.tags"]').isVisible()).toBe(true);
    await page.selectOption('#source-create select[name="topicId"]', String(umbrella.id));
    await page.fill('#source-create input[name="config.tags"]', 'umbrella, not-a-tag');
    await page.check('#source-create input[name="config.search"]');
    await page.click('#source-create button[type="submit"]');
    await expect.poll(() => fieldError('source-create', 'config.tags').textContent()).toBe('#2: must be a hashtag: letters, digits and _');

    await page.fill('#source-create input[name="config.tags"]', 'umbrella, umbrellacorp');
    await page.click('#source-create button[type="submit"]');
    await page.waitForSelector('#source-create-feedback[data-kind="ok"]');
    const created = (await listSources(db())).find((s) => s.kind === 'mastodon');
    expect(created).toMatchObject({ url: 'https://mastodon.social', topicId: umbrella.id, config: { tags: ['umbrella', 'umbrellacorp'], search: true } });
    expect(await page.locator(`#sources tr[data-source-id="${created!.id}"] .source-scope`).textContent()).toBe('mastodon · topic Umbrella');
  });

  it('disables a source, and deletes it only once the question is answered', async () => {
    const { page } = view;
    const source = (await listSources(db())).find((s) => s.kind === 'mastodon')!;
    const row = `#sources tr[data-source-id="${source.id}"]`;
    await page.click(`${row} button.toggle-source`);
    await page.waitForSelector(`${row} td[data-status="paused"]`);
    expect((await getSource(db(), source.id))?.enabled).toBe(false);

    await page.click(`${row} button.delete-source`);
    expect(await page.locator(`${row} .confirm-question`).textContent()).toBe('Delete "https://mastodon.social" and the mentions stored from it?');
    await page.click(`${row} button.confirm-no`);
    expect(await page.locator(`${row} .confirm-question`).count()).toBe(0);
    expect(await getSource(db(), source.id)).toBeDefined();
    await page.click(`${row} button.delete-source`);
    await page.click(`${row} button.confirm-yes`);
    await page.waitForSelector(row, { state: 'detached' });
    expect(await getSource(db(), source.id)).toBeUndefined();
    expect(view.dialogs).toEqual([]);
  });

  it("names credentials a source only hears more with as optional, not as needed", async () => {
    const { page } = view;
    // Reddit's keyless feed works without an OAuth app (the test app has no credentials); Bluesky search does not.
    const reddit = (await createSource(db(), { kind: 'reddit', url: 'https://www.reddit.com' }, Date.now()))!;
    await goTo('#/topics/' + initech);
    await goTo('#/');
    const row = `#sources tr[data-source-id="${reddit.id}"]`;
    await page.waitForSelector(row);
    expect(await page.locator(`${row} .missing-credentials`).count()).toBe(0);
    expect(await page.locator(`${row} .optional-credentials`).textContent()).toBe('optional: EARSHOT_REDDIT_CLIENT_ID, EARSHOT_REDDIT_CLIENT_SECRET (it hears more with them)');
    await open.call('DELETE', `/api/sources/${reddit.id}`);
  });

  it('shows a source whose purge is still running as being deleted, with nothing to click', async () => {
    const { page } = view;
    const umbrella = (await findTopicByName(db(), 'Umbrella'))!;
    const big = (await createSource(db(), { kind: 'rss', url: 'https://big.example/feed', topicId: umbrella.id }, Date.now()))!;
    // What DELETE leaves behind when the source has more mentions than one request purges (202).
    await requestSourceDeletion(db(), big.id, Date.now());
    await goTo('#/topics/' + umbrella.id);
    await goTo('#/');
    const row = `#sources tr[data-source-id="${big.id}"]`;
    await page.waitForSelector(`${row} td[data-status="deleting"]`);
    expect(await page.locator(`${row} button`).count()).toBe(0);
    expect(await page.locator(`${row} .row-actions`).textContent()).toBe('being deleted: its mentions are removed a batch per run');
  });

  it('names a topic whose deletion is still running on its page, with nothing to read or change', async () => {
    const { page } = view;
    const soylent = (await createTopic(db(), { name: 'Soylent <b>Corp</b>', query: 'soylent' }, Date.now()))!;
    // What DELETE leaves behind when the topic's own sources hold more than one request purges (202).
    await requestTopicDeletion(db(), soylent.id, Date.now());
    await goTo('#/topics/' + soylent.id);
    await page.waitForSelector('#topic-page[data-state="deleting"]');
    expect(await page.locator('#topic-heading').textContent()).toBe('Soylent <b>Corp</b>');
    expect(await page.locator('#topic-missing').textContent()).toMatch(/^This topic is being deleted: /);
    expect(await page.locator('#topic-page .topic-detail:visible').count()).toBe(0);
    await goTo('#/topics/999999');
    await page.waitForSelector('#topic-page[data-state="missing"]');
    expect(await page.locator('#topic-missing').textContent()).toMatch(/^This Earshot has no topic with this id/);
    await goTo('#/');
  });

  it("opens a topic's page from its card: name, query, chart, sources, settings with their allowed values", async () => {
    const { page } = view;
    await page.click(`#topics a.topic-name[href="#/topics/${initech}"]`);
    await page.waitForSelector(`body[data-loaded="true"][data-view="topic"] #topic-page[data-topic-id="${initech}"][data-state="loaded"]`);
    await saveScreenshot(page, 'topic-page');
    expect(await page.locator('#topic-heading').textContent()).toBe('Initech');
    expect(await page.inputValue('#topic-edit input[name="query"]')).toBe('initech');
    expect(await page.locator('#topic-chart svg.week polyline').count()).toBe(2);
    expect(await page.locator('#topic-chart .meta').textContent()).toMatch(/^\d+ mentions, \d+ negative; busiest hour \d+$/);
    // Its mentions go back before it was created (a crawl's look-back), so its line is drawn from them.
    expect((await page.locator('#topic-chart polyline.all').getAttribute('points'))!.split(' ').length).toBeGreaterThan(100);
    // Its sources: the feeds without a topic serve it too.
    expect(await page.locator('#topic-sources li .meta').first().textContent()).toContain('serves every topic');
    expect(await page.locator('#detector-form .field[data-field="cooldownMinutes"] .allowed').textContent()).toBe('5 to 10080, whole; default 60');
    expect(await page.locator('#detector-form .field[data-field="kinds"] input').count()).toBe(4);
    expect(await page.inputValue('#detector-form select[name="sensitivity"]')).toBe('medium');

    // An edited query the parser refuses keeps the stored one.
    await page.fill('#topic-edit input[name="query"]', 'initech OR');
    await page.click('#topic-edit button[type="submit"]');
    await expect.poll(() => fieldError('topic-edit', 'query').textContent()).toMatch(/^is not a valid query: /);
    expect((await getTopic(db(), initech))?.query).toBe('initech');
    await page.fill('#topic-edit input[name="query"]', 'initech');
  });

  it('shows a bad setting by its field, from Save and from Preview, and saves nothing', async () => {
    const { page } = view;
    await page.fill('#detector-form input[name="cooldownMinutes"]', '1');
    await page.click('#save-settings');
    await expect.poll(() => fieldError('detector-form', 'cooldownMinutes').textContent()).toBe('must be at least 5');
    expect(await page.locator('#settings-feedback').textContent()).toBe('Not saved: see the marked field');
    expect(await getTopicDetectorSettings(db(), initech)).toEqual(defaultDetectorSettings);

    await page.click('#preview-button');
    await page.waitForSelector('#settings-feedback:text-is("Could not preview: see the marked field")');
    expect(await fieldError('detector-form', 'cooldownMinutes').textContent()).toBe('must be at least 5');
    expect(await page.locator('#preview').isHidden()).toBe(true);
  });

  it('clears the refusal once a later Preview succeeds, and numbers the alerts inside the card', async () => {
    const { page } = view;
    // Left by the refused Preview above.
    expect(await page.locator('#settings-feedback').textContent()).toBe('Could not preview: see the marked field');
    await page.fill('#detector-form input[name="cooldownMinutes"]', '60');
    await page.click('#preview-button');
    await page.waitForSelector('#preview[data-state="loaded"]');
    expect(await fieldError('detector-form', 'cooldownMinutes').isHidden()).toBe(true);
    expect(await page.locator('#settings-feedback').isHidden()).toBe(true);
    // Each item's number ("1. ", drawn outside the item) fits between the item and the card's padding.
    const room = await page.locator('#preview .preview-list li').evaluateAll((items) => items.map((li) => {
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = getComputedStyle(li).font;
      const marker = context.measureText(`${[...li.parentElement!.children].indexOf(li) + 1}. `).width;
      const section = li.closest('section')!;
      const style = getComputedStyle(section);
      const inner = section.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      return li.getBoundingClientRect().left - marker - inner;
    }));
    expect(room.length).toBeGreaterThan(1);
    expect(Math.min(...room)).toBeGreaterThanOrEqual(0);
  });

  it('previews a higher sensitivity against the saved settings: more alerts, the extra one marked', async () => {
    const { page } = view;
    await page.fill('#detector-form input[name="cooldownMinutes"]', '60');
    await page.selectOption('#detector-form select[name="sensitivity"]', 'high');
    await page.click('#preview-button');
    await page.waitForSelector('#preview[data-state="loaded"]');
    expect(await page.locator('#preview').getAttribute('data-candidate')).toBe('2');
    expect(await page.locator('#preview').getAttribute('data-saved')).toBe('1');
    expect(await fieldError('detector-form', 'cooldownMinutes').isHidden()).toBe(true);
    const extra = page.locator('#preview-candidate li[data-diff="only"]');
    expect(await extra.count()).toBe(1);
    expect(await extra.getAttribute('data-kind')).toBe('backlash');
    expect(await extra.textContent()).toMatch(/observed vs .+ expected/);
    expect(await page.locator('#preview-saved li[data-diff="only"]').count()).toBe(0);
    expect(await page.locator('#preview-summary').textContent()).toMatch(/would have fired 2 alert\(s\), the saved settings 1: 1 only with these settings, 0 only with the saved ones/);
    expect(await getTopicDetectorSettings(db(), initech)).toEqual(defaultDetectorSettings);
  });

  it('saves the settings, and the database has them', async () => {
    const { page } = view;
    await page.check('#detector-form input[name="quietOn"]');
    // The time zone: the browser's list to pick from, an unknown one refused by its field.
    expect(await page.locator('#time-zones option').count()).toBeGreaterThan(300);
    await page.fill('#detector-form input[name="timeZone"]', 'Mars/Olympus_Mons');
    await page.click('#save-settings');
    await expect.poll(() => fieldError('detector-form', 'timeZone').textContent()).toBe('must be an IANA time zone such as Europe/Paris or America/New_York');
    await page.fill('#detector-form input[name="timeZone"]', 'Europe/Paris');
    await page.click('#save-settings');
    await page.waitForSelector('#settings-feedback:text-matches("^Saved")');
    expect(await getTopicDetectorSettings(db(), initech)).toEqual({ ...defaultDetectorSettings, sensitivity: 'high', timeZone: 'Europe/Paris', quietHours: { start: '22:00', end: '07:00' } });
    // The preview is redone against the new saved settings: no difference left.
    await page.waitForSelector('#preview[data-saved="2"]');
    expect(await page.locator('#preview li[data-diff="only"]').count()).toBe(0);
  });

  it('renders a topic named like markup as text, and pauses and deletes it after asking', async () => {
    const { page, dialogs, failures } = view;
    const name = '<img src=x onerror=alert(9)>';
    await goTo('#/');
    await page.waitForSelector('body[data-loaded="true"][data-view="overview"]');
    await page.fill('#topic-create input[name="name"]', name);
    await page.fill('#topic-create input[name="query"]', 'img');
    await page.click('#topic-create button[type="submit"]');
    await page.waitForSelector('#topic-create-feedback[data-kind="ok"]:not([hidden])');
    const topic = await findTopicByName(db(), name);
    const card = page.locator(`#topics a.topic-name[href="#/topics/${topic!.id}"]`);
    await card.waitFor();
    expect(await card.textContent()).toBe(name);
    await card.click();
    await page.waitForSelector(`#topic-page[data-topic-id="${topic!.id}"][data-state="loaded"]`);
    expect(await page.locator('#topic-heading').textContent()).toBe(name);
    expect(await page.inputValue('#topic-edit input[name="name"]')).toBe(name);
    expect(await page.locator('img').count()).toBe(0);

    await page.click('#topic-actions button.toggle-topic');
    await page.waitForSelector('#topic-page[data-enabled="false"]');
    expect((await getTopic(db(), topic!.id))?.enabled).toBe(false);
    await page.click('#topic-actions button.delete-topic');
    expect(await page.locator('#topic-actions .confirm-question').textContent()).toBe(`Delete "${name}" with its alerts, history, settings and its own sources? Webhooks told of an open alert hear that it is closed.`);
    await page.click('#topic-actions button.confirm-yes');
    await page.waitForSelector('body[data-loaded="true"][data-view="overview"]');
    expect(await getTopic(db(), topic!.id)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(failures).toEqual([]);
  });
});

describe('a topic whose stored query no longer parses', () => {
  it('says on its card and by its query field that it matches nothing, until the query is fixed', async () => {
    // Straight into storage, as a config file did before its queries were checked.
    const broken = (await createTopic(open.db as Db, { name: 'Broken query', query: 'broken OR' }, T0))!;
    const { page, failures } = await openPage(openUrl);
    await waitLoaded(page);
    const card = page.locator(`#topics li[data-topic-id="${broken.id}"]`);
    expect(await card.locator('.query-problem').textContent()).toBe('matches nothing: this query is not a valid query: expected a word, a "phrase" or ( (at character 10)');
    expect(await page.locator('#topics .query-problem').count()).toBe(1);
    await page.evaluate((h) => { location.hash = h; }, `#/topics/${broken.id}`);
    await page.waitForSelector(`#topic-page[data-topic-id="${broken.id}"][data-state="loaded"]`);
    const line = page.locator('#topic-edit .field[data-field="query"] .field-error');
    expect(await line.isVisible()).toBe(true);
    expect(await line.textContent()).toMatch(/^is not a valid query: .+ — it matches nothing until it is fixed$/);
    expect(await page.getAttribute('#topic-edit input[name="query"]', 'aria-invalid')).toBe('true');
    await page.fill('#topic-edit input[name="query"]', 'broken');
    await page.click('#topic-edit button[type="submit"]');
    await page.waitForSelector('#topic-feedback[data-kind="ok"]:not([hidden])');
    expect(await line.isHidden()).toBe(true);
    expect((await getTopic(open.db as Db, broken.id))?.query).toBe('broken');
    expect(failures).toEqual([]);
    await page.close();
  });
});

describe("the topic page's alerts", () => {
  it("shades the week's alerts on the chart, each a link to its page, and lists them; older ones are left out", async () => {
    const db = open.db as Db;
    const topic = (await createTopic(db, { name: 'Vandelay', query: 'vandelay' }, T0 - 20 * DAY))!;
    const evidence = (windowStart: number) => ({ observed: 9, expected: 1, windowStart, windowEnd: windowStart + HOUR, windowMinutes: 60, topMentions: [] });
    // Two days ago for two hours, resolved; open since three hours ago; ten days ago (outside the week).
    const resolved = await insertAlert(db, { topicId: topic.id, kind: 'backlash', severity: 'critical', evidence: evidence(T0 - 2 * DAY - HOUR) }, T0 - 2 * DAY);
    await updateAlert(db, resolved.id, { status: 'resolved', resolvedAt: T0 - 2 * DAY + HOUR }, T0 - 2 * DAY + HOUR);
    const openOne = await insertAlert(db, { topicId: topic.id, kind: 'volume-spike', severity: 'watch', evidence: evidence(T0 - 4 * HOUR) }, T0 - 3 * HOUR);
    const old = await insertAlert(db, { topicId: topic.id, kind: 'backlash', severity: 'warning', evidence: evidence(T0 - 10 * DAY - HOUR) }, T0 - 10 * DAY);
    await updateAlert(db, old.id, { status: 'resolved', resolvedAt: T0 - 10 * DAY + HOUR }, T0 - 10 * DAY + HOUR);
    const { page, failures } = await openPage(`${openUrl}#/topics/${topic.id}`);
    await page.waitForSelector(`body[data-loaded="true"] #topic-page[data-topic-id="${topic.id}"][data-state="loaded"]`);

    const spans = page.locator('#topic-chart a.alert-span');
    expect(await spans.evaluateAll((links) => links.map((l) => [l.getAttribute('href'), l.getAttribute('data-kind')]))).toEqual([
      [`#/alerts/${resolved.id}`, 'backlash'],
      [`#/alerts/${openOne.id}`, 'volume-spike'],
    ]);
    // Placed by time: the resolved one two hours wide, two days in from the right; the open one to the right edge.
    const boxes = await spans.locator('rect').evaluateAll((rects) => rects.map((r) => ({ x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')) })));
    // The chart is drawn at its box's width (its viewBox), less the 2 px padding each side.
    const inner = Number((await page.locator('#topic-chart svg.week').getAttribute('viewBox'))!.split(' ')[2]) - 4;
    const hourWidth = inner / (7 * 24);
    expect(boxes[0]!.width).toBeCloseTo(2 * hourWidth, 0);
    expect(boxes[1]!.x + boxes[1]!.width).toBeGreaterThan(inner - hourWidth);
    expect(await spans.first().locator('title').textContent()).toMatch(/^Backlash \(critical\), opened .+, resolved .+$/);
    // Listed newest first.
    expect(await page.locator('#topic-alerts li').evaluateAll((items) => items.map((i) => i.getAttribute('data-alert-id')))).toEqual([String(openOne.id), String(resolved.id)]);
    expect(await page.locator('#topic-alerts li').first().textContent()).toMatch(/^Volume spike \(watch\), opened .+, open$/);
    expect(await page.locator('#topic-alerts-empty').isHidden()).toBe(true);
    expect(await page.locator('#topic-chart .meta').textContent()).toContain('; shaded: its alerts (open one by clicking it)');

    await spans.first().locator('rect').click();
    await page.waitForSelector(`#alert-page[data-alert-id="${resolved.id}"][data-state="loaded"]`);
    expect(failures).toEqual([]);
    await page.close();
  });

  it.each([
    { zone: 'UTC', offsetHours: 0 },
    { zone: 'Asia/Kolkata', offsetHours: 5.5 },
    { zone: 'America/Caracas', offsetHours: -4 },
  ])('draws a line at each midnight of the browser ($zone), with no day label cut by the edge', async ({ zone, offsetHours }) => {
    const topic = (await createTopic(open.db as Db, { name: `Midnights ${zone}`, query: 'midnights' }, T0 - 20 * DAY))!;
    const page = await browser.newPage({ timezoneId: zone, viewport: { width: 1280, height: 1000 } });
    try {
      await page.goto(`${openUrl}#/topics/${topic.id}`);
      await page.waitForSelector(`#topic-page[data-topic-id="${topic.id}"][data-state="loaded"]`);
      const width = Number((await page.locator('#topic-chart svg.week').getAttribute('viewBox'))!.split(' ')[2]);
      const points = (await page.locator('#topic-chart polyline.all').getAttribute('points'))!.split(' ').map((p) => Number(p.split(',')[0]));
      const [firstX, hourWidth] = [points[0]!, (points.at(-1)! - points[0]!) / (points.length - 1)];
      const lines = await page.locator('#topic-chart line.midnight').evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('x1'))));
      expect(lines.length).toBeGreaterThanOrEqual(6);
      // Hourly buckets start on UTC hours: a local midnight falls that many hours plus the zone's fraction of one after one.
      const fraction = (((-offsetHours % 1) + 1) % 1);
      for (const x of lines) {
        const hours = (x - firstX) / hourWidth;
        const off = Math.abs(hours - Math.floor(hours) - fraction);
        expect(Math.min(off, 1 - off)).toBeLessThan(0.05);
      }
      const labels = await page.locator('#topic-chart text.day').evaluateAll((nodes) => nodes.map((n) => (n as SVGTextElement).getBBox()).map((box) => box.x + box.width));
      expect(labels.length).toBeGreaterThanOrEqual(lines.length - 1);
      for (const right of labels) expect(right).toBeLessThanOrEqual(width);
    } finally {
      await page.close();
    }
  });

  it('says so when the topic had no alert in the week, and when its alerts cannot be read', async () => {
    const topic = (await createTopic(open.db as Db, { name: 'Hooli', query: 'hooli' }, T0 - 20 * DAY))!;
    // Heard for twenty days, silent today: its card says so, not "no mentions yet".
    const overview = await openPage(openUrl);
    await waitLoaded(overview.page);
    const card = overview.page.locator('#topics li', { has: overview.page.locator('a.topic-name:text-is("Hooli")') });
    expect(await card.locator('.meta').textContent()).toBe('no mentions in the last 24 hours');
    await overview.page.close();
    const { page } = await openPage(`${openUrl}#/topics/${topic.id}`);
    await page.waitForSelector(`body[data-loaded="true"] #topic-page[data-topic-id="${topic.id}"][data-state="loaded"]`);
    expect(await page.locator('#topic-alerts-empty').textContent()).toBe('No alert on this topic in these 7 days.');
    expect(await page.locator('#topic-chart a.alert-span').count()).toBe(0);
    await page.route('**/api/alerts?topic=*', (route: Route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' }));
    await page.evaluate(() => { location.hash = '#/'; });
    await page.evaluate((h) => { location.hash = h; }, `#/topics/${topic.id}`);
    await page.waitForSelector('#topic-alerts-empty:has-text("could not be read")');
    expect(await page.locator('#topic-chart svg.week').count()).toBe(1);
    await page.close();
  });
});

describe('the alert chart beside the week before', () => {
  /** The judged window's hour, kept without a range. */
  const windowHour = { from: T0 - HOUR, bucketMinutes: 5, counts: Array(12).fill(2) };

  /** An open backlash judged on the hour before T0, with these runs of its usual level, its page loaded. */
  async function openAlertWithUsualLevel(expectedByBucket: unknown[]) {
    const evidence = { observed: 30, expected: 24, windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60, topMentions: [], expectedByBucket };
    const id = (await insertAlert(open.db as Db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence }, T0)).id;
    const opened = await openPage(`${openUrl}#/alerts/${id}`);
    await opened.page.waitForSelector(`body[data-loaded="true"] #alert-page[data-alert-id="${id}"][data-state="loaded"]`);
    return opened;
  }

  /** Each located SVG shape's points, as [x, y] pairs. */
  function shapePoints(shapes: Locator): Promise<number[][][]> {
    return shapes.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('points')!.split(' ').map((p) => p.split(',').map(Number))));
  }

  it('draws the same hours a week before in grey once the topic was heard then', async () => {
    // Two posts a week and 30 minutes before the open backlash's opening (alert 2, topic 1, at T0).
    await seedMentions(open.db as Db, 1, [0, 1].map((i) => ({ key: `week-before-${i}`, label: 'neutral' as const, topicIds: [1], at: T0 - 7 * DAY - 30 * MIN + i * 60_000 })));
    const { page, failures } = await openPage(`${openUrl}#/alerts/2`);
    await page.waitForSelector('body[data-loaded="true"] #alert-page[data-alert-id="2"][data-state="loaded"]');
    const before = page.locator('#alert-chart polyline.week-before');
    const points = (await before.getAttribute('points'))!.split(' ');
    expect(points).toHaveLength(84);
    // Drawn at this week's time: the bucket 30 minutes before the opening holds both posts, the line's highest point.
    const ys = points.map((p) => Number(p.split(',')[1]));
    expect(ys.indexOf(Math.min(...ys))).toBe(84 - 6);
    expect(await page.locator('#alert-chart .meta').textContent()).toContain('; grey: all mentions the same hours a week before;');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('draws the usual level as the detector expected it, bucket by bucket, and leaves a blank where it kept none', async () => {
    // Five hours of expectations kept at the opening (a peak at T0 - 6 h), then an hour not kept, then the window's hour.
    const opening = { from: T0 - 7 * HOUR, bucketMinutes: 5, counts: Array.from({ length: 60 }, (_, i) => (i === 12 ? 3 : 1)) };
    const { page, failures } = await openAlertWithUsualLevel([opening, windowHour]);
    const lines = await shapePoints(page.locator('#alert-chart polyline.usual'));
    expect(lines.map((l) => l.length)).toEqual([60, 12]);
    const [first, second] = lines as [number[][], number[][]];
    // Higher on the chart is a smaller y: the peak is the opening run's 13th bucket, the window's hour sits at 2, above the 1s.
    const ys = first.map((p) => p[1]!);
    expect(ys.indexOf(Math.min(...ys))).toBe(12);
    expect(second[0]![1]!).toBeLessThan(ys[0]!);
    expect(second[0]![1]!).toBeGreaterThan(ys[12]!);
    // The blank hour: the second stretch starts an hour's width after the first one ends.
    expect(second[0]![0]! - first[59]![0]!).toBeCloseTo(13 * (first[1]![0]! - first[0]![0]!), 0);
    expect(await page.locator('#alert-chart line.usual').count()).toBe(0);
    expect(await page.locator('#alert-chart .meta').textContent()).toContain('; dashed: the usual negative level, as the detector expected it;');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('shades the usual range the detector gave each bucket where it kept one, under the usual level', async () => {
    // Three hours kept with a range (the last bucket's range wider), then the window's hour without: one band, three hours long.
    const ranged = { from: T0 - 4 * HOUR, bucketMinutes: 5, counts: Array(36).fill(1), highs: Array.from({ length: 36 }, (_, i) => (i === 35 ? 5 : 3)) };
    const { page, failures } = await openAlertWithUsualLevel([ranged, windowHour]);
    const bands = await shapePoints(page.locator('#alert-chart polygon.usual-band'));
    expect(bands).toHaveLength(1);
    const band = bands[0]!;
    expect(band).toHaveLength(72);
    const level = (await shapePoints(page.locator('#alert-chart polyline.usual').first()))[0]!;
    // Around the level: the top (3) above it, the bottom (2 x 1 - 3, so 0) below; the last kept bucket's top (5) the highest point.
    expect(band[0]![1]!).toBeLessThan(level[0]![1]!);
    expect(band[71]![1]!).toBeGreaterThan(level[0]![1]!);
    expect(band.slice(0, 36).map((q) => q[1]!).indexOf(Math.min(...band.slice(0, 36).map((q) => q[1]!)))).toBe(35);
    expect(await page.locator('#alert-chart .meta').textContent()).toContain('as the detector expected it, in grey its usual range;');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('sums the usual level into the hours of an hourly chart, only where every 5 minutes of the hour was kept', async () => {
    const opened = T0 - 5 * DAY;
    // Two whole hours and a half one, two days ago: the hourly chart has two points, at 12 x 0.5; no range (an hour's is not the sum of its buckets').
    const run = { from: T0 - 2 * DAY, bucketMinutes: 5, counts: Array(30).fill(0.5), highs: Array(30).fill(2) };
    const id = (await insertAlert(open.db as Db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence: { observed: 9, expected: 1, windowStart: opened - HOUR, windowEnd: opened, windowMinutes: 60, topMentions: [], expectedByBucket: [run] } }, opened)).id;
    const { page } = await openPage(`${openUrl}#/alerts/${id}`);
    await page.waitForSelector(`body[data-loaded="true"] #alert-page[data-alert-id="${id}"][data-state="loaded"]`);
    expect((await page.locator('#alert-chart polyline.usual').getAttribute('points'))!.split(' ')).toHaveLength(2);
    expect(await page.locator('#alert-chart polygon.usual-band').count()).toBe(0);
    await page.close();
  });

  it("shows an alert open for five days by its latest three, hourly, rather than by its start", async () => {
    const opened = T0 - 5 * DAY;
    const id = (await insertAlert(open.db as Db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence: { observed: 9, expected: 1, windowStart: opened - HOUR, windowEnd: opened, windowMinutes: 60, topMentions: [] } }, opened)).id;
    const { page } = await openPage(`${openUrl}#/alerts/${id}`);
    await page.waitForSelector(`body[data-loaded="true"] #alert-page[data-alert-id="${id}"][data-state="loaded"]`);
    expect((await page.locator('#alert-chart polyline.all').getAttribute('points'))!.split(' ')).toHaveLength(72);
    expect(await page.locator('#alert-chart line.marker').count()).toBe(0);
    expect(await page.locator('#alert-chart .meta').textContent()).toMatch(/^mentions per hour \(blue\)/);
    expect(await page.locator('#alert-chart-range').textContent()).toBe('its last three days, to now (not resolved yet)');
    await page.close();
  });

  it('says in its heading the range it draws: to now while the alert is unresolved, to two hours after it resolved once it has', async () => {
    const evidence = (windowStart: number) => ({ observed: 9, expected: 1, windowStart, windowEnd: windowStart + HOUR, windowMinutes: 60, topMentions: [] });
    const unresolved = (await insertAlert(open.db as Db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence: evidence(T0 - 2 * HOUR) }, T0 - HOUR)).id;
    const longAgo = (await insertAlert(open.db as Db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence: evidence(T0 - 10 * HOUR) }, T0 - 9 * HOUR)).id;
    await updateAlert(open.db as Db, longAgo, { status: 'resolved', resolvedAt: T0 - 5 * HOUR }, T0 - 5 * HOUR);
    const { page } = await openPage(`${openUrl}#/`);
    await waitLoaded(page);
    const heading = async (id: number) => {
      await page.evaluate((h) => { location.hash = h; }, `#/alerts/${id}`);
      await page.waitForSelector(`body[data-loaded="true"] #alert-page[data-alert-id="${id}"][data-state="loaded"]`);
      return page.locator('#alert-chart-title small').textContent();
    };
    expect(await heading(unresolved)).toBe('from six hours before its window to now (not resolved yet)');
    expect(await heading(longAgo)).toBe('from six hours before its window to two hours after it resolved');
    // Alert 3 resolved at the server's now: its chart too ends now.
    expect(await heading(3)).toBe('from six hours before its window to now, less than two hours after it resolved');
    await page.close();
  });
});

/** The server stopped: every call to it is refused, and fetch rejects as it does then ("Failed to fetch"). */
const serverDown = (url: URL) => url.pathname.startsWith('/api/') || url.pathname === '/health';
const refuse = (route: Route) => route.abort('connectionrefused');

describe('a page whose data cannot be loaded', () => {
  /** A page on the open server with the server down from the start; its page errors, and every call it makes to the server. */
  async function openWhileDown(hash: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const pageErrors: string[] = [];
    const calls: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => { if (serverDown(new URL(request.url()))) calls.push(`${request.method()} ${request.url()}`); });
    await page.route(serverDown, refuse);
    await page.goto(openUrl + hash);
    await page.waitForSelector('body[data-loaded="error"]');
    return { page, pageErrors, calls };
  }

  it('hides a topic page that did not load behind one plain message, runs none of its forms, and loads it on Retry', async () => {
    const { page, pageErrors, calls } = await openWhileDown('#/topics/1');
    expect(await page.locator('#load-failure-text').textContent()).toBe('The Earshot server did not answer: it may be stopped or restarting. Retry once it is running.');
    expect(await page.locator('#retry').isVisible()).toBe(true);
    // No blank Name and Query, no "low" sensitivity and no unticked kinds to save.
    expect(await page.locator('#topic-page').isHidden()).toBe(true);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    // Submitted anyway, as Enter in a field would: nothing is sent and nothing throws.
    calls.length = 0;
    await page.evaluate(() => {
      for (const id of ['topic-edit', 'detector-form', 'lexicon-form']) (document.getElementById(id) as HTMLFormElement).requestSubmit();
      (document.getElementById('preview-button') as HTMLButtonElement).click();
    });
    expect(pageErrors).toEqual([]);
    expect(calls).toEqual([]);

    await page.unroute(serverDown);
    await page.click('#retry');
    await page.waitForSelector('body[data-loaded="true"] #topic-page[data-topic-id="1"][data-state="loaded"]');
    expect(await page.inputValue('#topic-edit input[name="name"]')).toBe('FundSpark');
    expect(await page.locator('#load-failure').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('hides an alert page that did not load, and the overview, the same way', async () => {
    const { page } = await openWhileDown('#/alerts/2');
    expect(await page.locator('#load-failure-text').textContent()).toMatch(/^The Earshot server did not answer/);
    expect(await page.locator('#alert-page').isHidden()).toBe(true);
    await page.evaluate(() => { location.hash = '#/'; });
    await page.waitForSelector('body[data-loaded="error"][data-view="overview"]');
    expect(await page.locator('#overview').isHidden()).toBe(true);
    expect(await page.locator('#load-failure').isVisible()).toBe(true);
    await page.evaluate(() => { location.hash = '#/alerts/2'; });
    await page.waitForSelector('body[data-loaded="error"][data-view="alert"]');
    await page.unroute(serverDown);
    await page.click('#retry');
    await page.waitForSelector('body[data-loaded="true"] #alert-page[data-alert-id="2"][data-state="loaded"]');
    expect(await page.locator('#alert-heading').textContent()).toBe('FundSpark: Backlash (alert #2)');
    expect(await page.locator('#load-failure').isHidden()).toBe(true);
    await page.close();
  });

  it('says by the mention list when a filter or Load more finds the server down, and keeps the filters agreeing with the list', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(openUrl);
    await waitLoaded(page);
    const labels = () => page.locator('#mentions .label').allTextContents();
    const before = await labels();
    expect(new Set(before).size).toBeGreaterThan(1);
    await page.route(serverDown, refuse);
    await page.selectOption('#mention-sentiment', 'negative');
    await page.waitForSelector('#mentions-feedback[data-kind="error"]:not([hidden])');
    expect(await page.locator('#mentions-feedback').textContent()).toBe('Could not filter the mentions: the Earshot server did not answer; the filters are back to what the list shows.');
    // The list still shows every tone, and the filter says so rather than "negative".
    expect(await page.inputValue('#mention-sentiment')).toBe('');
    expect(await labels()).toEqual(before);
    await page.click('#mentions-more');
    await page.waitForSelector('#mentions-feedback:text-is("Could not load more mentions: the Earshot server did not answer.")');
    expect(await labels()).toEqual(before);
    expect(await page.locator('#mentions-more').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);

    await page.unroute(serverDown);
    await page.selectOption('#mention-sentiment', 'negative');
    await page.waitForSelector('#mentions-feedback', { state: 'hidden' });
    await expect.poll(async () => new Set(await labels())).toEqual(new Set(['negative']));
    await page.close();
  });

  it('keeps a loaded page, and what is typed in it, when a refresh finds the server down; Retry refreshes it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.clock.install();
    await page.goto(`${openUrl}#/topics/1`);
    await page.waitForSelector('body[data-loaded="true"] #topic-page[data-topic-id="1"][data-state="loaded"]');
    await page.fill('#topic-edit input[name="query"]', 'fundspark OR "fund spark" OR fundsparkapp');
    await page.route(serverDown, refuse);
    // The minute's refresh.
    await page.clock.runFor(60_000);
    await page.waitForSelector('body[data-loaded="stale"]');
    expect(await page.locator('#load-failure-text').textContent()).toMatch(/^The Earshot server did not answer: .+ The page shows what it had at .+\.$/);
    expect(await page.locator('#topic-page').isVisible()).toBe(true);
    await page.unroute(serverDown);
    await page.click('#retry');
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator('#load-failure').isHidden()).toBe(true);
    expect(await page.inputValue('#topic-edit input[name="query"]')).toBe('fundspark OR "fund spark" OR fundsparkapp');
    await page.close();
  });
});

describe('an Earshot with no webhook endpoint yet', () => {
  it('says there are none and that alerts only show here, rather than that every endpoint is answering', async () => {
    const url = await browser.serveApi(await createTestApi({ now: () => T0 }));
    const { page, failures } = await openPage(url);
    await waitLoaded(page);
    expect(await page.locator('#attention-empty').isVisible()).toBe(true);
    expect(await page.locator('#attention-empty').textContent()).toBe('No webhook endpoints yet: alerts show only here (and in the API) until one is added under Webhooks below.');
    expect(failures).toEqual([]);
    await page.close();
  });
});

describe('the time zone the page shows times in', () => {
  // Every time on the page is the browser's local time; the bar says which. Zones without summer time.
  it.each([
    { zone: 'UTC', note: 'times in UTC' },
    { zone: 'Asia/Tokyo', note: 'times in Asia/Tokyo (UTC+09:00)' },
    { zone: 'Pacific/Marquesas', note: 'times in Pacific/Marquesas (UTC−09:30)' },
  ])('$zone', async ({ zone, note }) => {
    const page = await browser.newPage({ timezoneId: zone });
    try {
      await page.goto(openUrl);
      await expect.poll(() => page.locator('#time-zone').textContent()).toBe(note);
    } finally {
      await page.close();
    }
  });
});

describe("a topic's lexicon overrides", () => {
  it('refuses a word given twice, naming both lines, and shows every problem with its line; saves what is right', async () => {
    const topic = (await createTopic(open.db as Db, { name: 'Scandalous', query: 'scandalous' }, T0))!;
    const stored = async () => (await open.call('GET', `/api/topics/${topic.id}/lexicon-overrides`)).json.overrides;
    const { page, failures } = await openPage(`${openUrl}#/topics/${topic.id}`);
    await page.waitForSelector(`body[data-loaded="true"] #topic-page[data-topic-id="${topic.id}"][data-state="loaded"]`);
    const puts: string[] = [];
    page.on('request', (request) => { if (request.method() === 'PUT') puts.push(request.url()); });
    const field = '#lexicon-form textarea[name="overrides"]';
    const problems = page.locator('#lexicon-form .field[data-field="overrides"] .field-error');
    // What the form itself refuses is shown as the click is handled; what goes to the API, once it answers.
    const save = async (text: string) => {
      await page.fill(field, text);
      await page.click('#lexicon-form button[type="submit"]');
    };

    // Two weights for one word kept the last one silently.
    await save('scandal = -1.5\nscandal = 1');
    expect(await problems.textContent()).toBe('line 2: "scandal" is given twice, on lines 1 and 2: keep one');
    expect(await page.locator('#lexicon-feedback').textContent()).toBe('Could not save the overrides: see the marked field');
    expect(puts).toEqual([]);
    expect(await stored()).toEqual({});

    // Every problem the form can see at once, by line; a word is one word in any case, as the scorer reads it.
    await save('foo\nbar = 9\n = 2\nScandal = -1.5\nscandal = 1\nrefund = a lot');
    expect((await problems.textContent())!.split('\n')).toEqual([
      'line 1: write it as "word = weight"',
      'line 2: the weight of "bar" must be a number from -5 to 5',
      'line 3: there is no word before "="',
      'line 5: "scandal" is given twice, on lines 4 and 5: keep one',
      'line 6: the weight of "refund" must be a number from -5 to 5',
    ]);
    // One a line on the page too, not run together.
    expect((await lineCounts(problems))[0]).toBe(5);
    expect(puts).toEqual([]);

    // What only the API checks comes back on its word's line too.
    const long = 'x'.repeat(81);
    await save(`refund = -2\n${long} = 1`);
    await expect.poll(() => problems.textContent()).toBe(`line 2 ("${long}"): key "\u2068${long}\u2069" must be at most 80 characters`);
    expect(puts).toHaveLength(1);
    expect(await stored()).toEqual({});

    await save('scandal = -1.5\nrefund = -2');
    await page.waitForSelector('#lexicon-feedback[data-kind="ok"]');
    expect(await problems.isHidden()).toBe(true);
    expect(await stored()).toEqual({ refund: -2, scandal: -1.5 });
    expect(failures).toEqual([]);
    await page.close();
  });
});

describe('relabelling a mention by hand', () => {
  it("sets and clears a mention's label from the list, and puts the choice back when the server refuses", async () => {
    const { page, failures } = await openPage(openUrl);
    try {
      await waitLoaded(page);
      const mention = page.locator('#mentions li').first();
      const id = Number(await mention.getAttribute('data-mention-id'));
      const scorerLabel = await mention.locator('.label').textContent();
      const relabel = mention.locator('select.relabel');
      expect(await relabel.getAttribute('aria-label')).toBe('Relabel this mention');

      const wanted = scorerLabel === 'positive' ? 'negative' : 'positive';
      await relabel.selectOption(wanted);
      await expect.poll(() => mention.locator('.label').textContent()).toBe(wanted);
      expect(await mention.locator('.explanation').textContent()).toContain(`labelled ${wanted} by hand`);
      expect(await relabel.inputValue()).toBe(wanted);
      expect(await getMentionSentiment(open.db as Db, id)).toMatchObject({ label: wanted, manualLabel: wanted, scorerLabel });

      // Refused: the choice goes back to the hand label it has, and the line under the mention says why.
      await page.route('**/api/mentions/*/sentiment', (route: Route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' }));
      await relabel.selectOption('neutral');
      await expect.poll(() => mention.locator('.relabel-error').textContent()).toBe('Could not relabel: down');
      expect(await relabel.inputValue()).toBe(wanted);
      expect(await mention.locator('.label').textContent()).toBe(wanted);
      expect((await getMentionSentiment(open.db as Db, id))?.manualLabel).toBe(wanted);
      await page.unroute('**/api/mentions/*/sentiment');

      // The scorer's label again: the hand label is gone, and so is the error.
      await relabel.selectOption('clear');
      await expect.poll(() => mention.locator('.label').textContent()).toBe(scorerLabel);
      expect(await relabel.inputValue()).toBe('');
      expect(await mention.locator('.relabel-error').textContent()).toBe('');
      expect(await mention.locator('.explanation').textContent()).not.toContain('by hand');
      expect((await getMentionSentiment(open.db as Db, id))?.manualLabel).toBeNull();
      expect(failures.filter((f) => !f.includes('/sentiment'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('managing webhook endpoints on the overview', () => {
  /** A server of its own: the shared one's endpoints and deliveries are other tests' fixtures. */
  let api: TestApi;
  let url: string;
  let page: Page;
  let failures: string[];
  const section = '#webhooks-section';
  const row = (id: number) => `#webhooks li[data-webhook-id="${id}"]`;
  const feedbackText = () => page.locator('#webhooks-feedback').textContent();

  beforeAll(async () => {
    api = await createTestApi({ now: () => T0 });
    await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' });
    await api.call('POST', '/api/topics', { name: 'Globex', query: 'globex' });
    url = await browser.serveApi(api);
    ({ page, failures } = await openPage(url));
    await waitLoaded(page);
  }, 30_000);

  afterAll(async () => {
    await page?.close();
  });

  it('says there is none yet, and refuses a URL it cannot post to under the URL field', async () => {
    expect(await page.locator('#webhooks-empty').isVisible()).toBe(true);
    const urlError = page.locator('#webhook-create .field[data-field="url"] .field-error');
    await page.fill('#webhook-create input[name="url"]', 'ftp://hooks.example/earshot');
    await page.click('#webhook-create button[type="submit"]');
    await expect.poll(() => urlError.textContent()).toBe('is refused: scheme ftp: is not http(s)');
    expect(await feedbackText()).toBe('Could not add the webhook: see the marked field');
    // A private address is refused by the URL guard (the test app does not allow them).
    await page.fill('#webhook-create input[name="url"]', 'http://127.0.0.1:9/hook');
    await page.click('#webhook-create button[type="submit"]');
    await expect.poll(() => urlError.textContent()).toMatch(/^is refused: /);
    expect(await page.locator('#webhooks-secret').isHidden()).toBe(true);
    expect(await listEndpoints(api.db as Db)).toEqual([]);
  });

  it('adds a signed webhook for chosen topics, events and severity, showing its secret once', async () => {
    await page.fill('#webhook-create input[name="url"]', 'https://hooks.example/earshot');
    await page.selectOption('#webhook-create select[name="kind"]', 'webhook');
    await page.selectOption('#webhook-create select[name="topicIds"]', ['2']);
    await page.uncheck('#webhook-create input[name="eventTypes"][value="alert.resolved"]');
    await page.selectOption('#webhook-create select[name="minSeverity"]', 'warning');
    await page.click('#webhook-create button[type="submit"]');
    await page.waitForSelector(row(1));
    expect(await feedbackText()).toBe('webhook #1 (webhook, hooks.example) added. Its receiver checks each request with the signing secret below.');
    const secret = await page.inputValue('#webhooks-secret input.secret');
    expect(secret).toMatch(/^whsec_/);
    expect(await page.locator('#webhooks-secret input.secret').getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#webhooks-secret label').textContent()).toContain('shown only now');
    expect(await page.locator('#webhook-create .field-error:visible').count()).toBe(0);
    expect(await getEndpoint(api.db as Db, 1)).toMatchObject({ url: 'https://hooks.example/earshot', kind: 'webhook', enabled: true, topicIds: [2], eventTypes: ['alert.opened', 'alert.escalated'], minSeverity: 'warning' });
    expect(await page.locator(`${row(1)} .endpoint-name`).textContent()).toBe('webhook #1 (webhook, hooks.example)');
    expect(await page.locator(`${row(1)} .webhook-state`).textContent()).toBe('enabled');
    expect(await page.locator(`${row(1)} .webhook-filters`).textContent()).toBe('topics: Globex · events: alert.opened, alert.escalated · minimum severity: warning');
    // The form is blank again for the next one, every event type ticked.
    expect(await page.inputValue('#webhook-create input[name="url"]')).toBe('');
    expect(await page.locator('#webhook-create input[name="eventTypes"]:checked').count()).toBe(3);
  });

  it('lists a Slack webhook by its host only, with no secret and no Rotate secret', async () => {
    await page.fill('#webhook-create input[name="url"]', SLACK_URL);
    await page.click('#webhook-create button[type="submit"]');
    await page.waitForSelector(row(2));
    expect(await feedbackText()).toBe('webhook #2 (slack, hooks.slack.com) added. slack messages are not signed: the URL itself is the secret.');
    expect(await page.locator('#webhooks-secret').isHidden()).toBe(true);
    expect(await page.locator(`${row(2)} .webhook-filters`).textContent()).toBe('topics: every topic · events: every event type · minimum severity: watch');
    expect(await page.locator(`${row(2)} button.rotate-webhook`).count()).toBe(0);
    expect(await page.locator(`${row(1)} button.rotate-webhook`).count()).toBe(1);
    // The path is the secret: not in the page's text, nor in any field's value.
    expect(await page.locator('body').textContent()).not.toContain('/services/');
    expect(await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value).join(' '))).not.toContain('secretpathtoken');
    expect((await getEndpoint(api.db as Db, 2))?.kind).toBe('slack');
  });

  it('disables and enables an endpoint', async () => {
    await page.click(`${row(2)} button.toggle-webhook`);
    await page.waitForSelector(`${row(2)}[data-enabled="false"]`);
    expect(await feedbackText()).toBe('webhook #2 (slack, hooks.slack.com) disabled: no alert goes to it until it is enabled again.');
    // When, as for an endpoint Earshot turned off itself: in the section and in the attention list.
    const disabledAt = await page.evaluate((ms) => new Date(ms).toLocaleString(), T0);
    expect(await page.locator(`${row(2)} .webhook-state`).textContent()).toBe(`disabled ${disabledAt}: turned off by hand`);
    // The attention list reloads beside the section's list, not before it: wait for it as well.
    await expect.poll(() => page.locator('#attention-endpoints li[data-webhook-id="2"] .reason').textContent()).toBe(`disabled ${disabledAt}: turned off by hand`);
    expect(await getEndpoint(api.db as Db, 2)).toMatchObject({ enabled: false, disabledAt: T0, disabledReason: 'turned off by hand' });
    expect(await page.locator(`${row(2)} button.toggle-webhook`).textContent()).toBe('Enable');
    await page.click(`${row(2)} button.toggle-webhook`);
    await page.waitForSelector(`${row(2)}[data-enabled="true"]`);
    expect(await feedbackText()).toContain('webhook #2 (slack, hooks.slack.com) enabled');
    expect((await getEndpoint(api.db as Db, 2))?.enabled).toBe(true);
  });

  it('rotates a signing secret and shows the new one once', async () => {
    const first = (await (api.db as Db).selectFrom('webhook_endpoints').select('secret').where('id', '=', 1).executeTakeFirstOrThrow()).secret;
    await page.click(`${row(1)} button.rotate-webhook`);
    await expect.poll(feedbackText).toMatch(/^New signing secret for webhook #1 \(webhook, hooks\.example\): the old one keeps signing beside it until /);
    const secret = await page.inputValue('#webhooks-secret input.secret');
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(first);
    expect((await (api.db as Db).selectFrom('webhook_endpoints').select('secret').where('id', '=', 1).executeTakeFirstOrThrow()).secret).toBe(secret);
    // The outcome line comes first and the list is reloaded after it: wait for the row to show the rotation.
    await expect.poll(() => page.locator(`${row(1)} .webhook-state`).textContent()).toContain('the previous secret signs too until ');
  });

  it('edits an endpoint in place: its filters as they are, a refusal under its field, the URL never shown', async () => {
    const form = `${row(1)} form.webhook-edit`;
    await page.click(`${row(1)} button.edit-webhook`);
    await page.waitForSelector(form);
    expect(await page.getAttribute(`${row(1)} button.edit-webhook`, 'aria-expanded')).toBe('true');
    // As created above: Globex, no resolved events, warning and up.
    expect(await page.locator(`${form} select[name="topicIds"] option:checked`).allTextContents()).toEqual(['Globex']);
    expect(await page.locator(`${form} input[name="eventTypes"]:checked`).evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(['alert.opened', 'alert.escalated']);
    expect(await page.inputValue(`${form} select[name="minSeverity"]`)).toBe('warning');
    expect(await page.inputValue(`${form} input[name="url"]`)).toBe('');
    expect(await page.getAttribute(`${form} input[name="url"]`, 'placeholder')).toBe('unchanged: hooks.example');

    await page.fill(`${form} input[name="url"]`, 'http://127.0.0.1:9/hook');
    await page.click(`${form} button[type="submit"]`);
    const urlError = page.locator(`${form} .field[data-field="url"] .field-error`);
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/private|loopback/);
    expect(await feedbackText()).toBe('Could not update webhook #1 (webhook, hooks.example): see the marked field');
    expect(await getEndpoint(api.db as Db, 1)).toMatchObject({ url: 'https://hooks.example/earshot', minSeverity: 'warning' });

    // Every topic and every type again: the filters are cleared, not left as they were.
    await page.fill(`${form} input[name="url"]`, 'https://hooks.example/earshot-v2');
    await page.selectOption(`${form} select[name="topicIds"]`, []);
    await page.check(`${form} input[name="eventTypes"][value="alert.resolved"]`);
    await page.selectOption(`${form} select[name="minSeverity"]`, 'critical');
    await page.click(`${form} button[type="submit"]`);
    await expect.poll(feedbackText).toBe('webhook #1 (webhook, hooks.example) updated.');
    await page.waitForSelector(form, { state: 'detached' });
    expect(await getEndpoint(api.db as Db, 1)).toMatchObject({ url: 'https://hooks.example/earshot-v2', kind: 'webhook', topicIds: null, eventTypes: null, minSeverity: 'critical' });
    // The form closes as the list starts to reload: the row shows the new filters once that reload answers.
    await expect.poll(() => page.locator(`${row(1)} .webhook-filters`).textContent()).toBe('topics: every topic · events: every event type · minimum severity: critical');

    // A Slack endpoint's form names its host only; Cancel closes it and changes nothing.
    await page.click(`${row(2)} button.edit-webhook`);
    expect(await page.getAttribute(`${row(2)} form.webhook-edit input[name="url"]`, 'placeholder')).toBe('unchanged: hooks.slack.com');
    expect(await page.locator('body').textContent()).not.toContain('/services/');
    expect(await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value + i.placeholder).join(' '))).not.toContain('secretpathtoken');
    await page.click(`${row(2)} form.webhook-edit button.cancel-edit`);
    expect(await page.locator(`${row(2)} form.webhook-edit`).count()).toBe(0);
    expect(await getEndpoint(api.db as Db, 2)).toMatchObject({ url: SLACK_URL, topicIds: null, eventTypes: null, minSeverity: 'watch' });
  });

  it('sends a test event and says it was not delivered (the test app has no network)', async () => {
    await page.click(`${row(1)} button.test-webhook`);
    await expect.poll(feedbackText).toBe(
      'Test event to webhook #1 (webhook, hooks.example) not delivered: retry (channel error: no network in API tests). It is pending, retried on the delivery schedule.',
    );
    expect(await page.locator('#webhooks-feedback').getAttribute('data-kind')).toBe('warn');
    // The secret of the rotation before is not left beside this outcome.
    expect(await page.locator('#webhooks-secret').isHidden()).toBe(true);
  });

  it('deletes an endpoint after asking', async () => {
    await page.click(`${row(2)} button.delete-webhook`);
    expect(await page.locator(`${row(2)} .confirm-question`).textContent()).toBe('Delete webhook #2 (slack, hooks.slack.com)? No alert goes to it any more.');
    expect(await getEndpoint(api.db as Db, 2)).toBeDefined();
    await page.click(`${row(2)} button.confirm-yes`);
    await page.waitForSelector(row(2), { state: 'detached' });
    expect(await feedbackText()).toBe('webhook #2 (slack, hooks.slack.com) deleted.');
    expect(await getEndpoint(api.db as Db, 2)).toBeUndefined();
    expect(failures).toEqual([]);
  });

  it('fits a phone screen, its buttons and a new secret too', async () => {
    const phone = await openPage(url, { width: 390, height: 844 });
    try {
      await waitLoaded(phone.page);
      expect(await phone.page.locator(`${section} li`).count()).toBe(1);
      await phone.page.click(`${row(1)} button.rotate-webhook`);
      await phone.page.waitForSelector('#webhooks-secret input.secret');
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // The whole secret is in sight to copy, inside the section.
      const [box, input] = await Promise.all([phone.page.locator(section).boundingBox(), phone.page.locator('#webhooks-secret input.secret').boundingBox()]);
      expect(input!.x + input!.width).toBeLessThanOrEqual(box!.x + box!.width);
      await phone.page.click(`${row(1)} button.edit-webhook`);
      await phone.page.waitForSelector(`${row(1)} form.webhook-edit`);
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(phone.failures).toEqual([]);
    } finally {
      await phone.page.close();
    }
  });
});
