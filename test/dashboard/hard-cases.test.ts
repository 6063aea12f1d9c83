/**
 * The dashboard as a real user meets it, in headless Chromium: values no demo has (markup, quotes,
 * right-to-left overrides, words of 10,000 characters), on a desktop and a phone. One browser for the file.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAlert, insertAlert, updateAlert } from '../../src/storage/alert-store';
import { insertDeliveryAttempt } from '../../src/storage/delivery-attempt-store';
import { enqueueDeliveries } from '../../src/storage/delivery-store';
import { recordSourceFailure } from '../../src/storage/source-store';
import { getTopicMute } from '../../src/storage/topic-mute-store';
import { createTestApi, seedAlert, seedMentions, T0, type TestApi } from '../api/api-test-app';
import { JULY_NOON, LONDON_FALL_BACK, LONDON_SPRING_FORWARD, LORD_HOWE_FALL_BACK, LORD_HOWE_SPRING_FORWARD, PARIS_FALL_BACK } from '../fixtures/dashboard/clock-changes';
import { HOSTILE_TOPIC_NAME, JS_URL, longWord, MARKUP, QUOTES, RTL_OVERRIDE, UNCLOSED_RTL } from '../fixtures/dashboard/hostile-values';
import { useDashboardBrowser } from './dashboard-browser';

const HOUR = 3_600_000;

const HOSTILE_MOVED_TO = `https://new.example/${MARKUP}${UNCLOSED_RTL}${longWord(2000, 'm')}`;

/** Every place a user's or a scraped value is shown, filled with values a tidy demo never has. */
async function seedHostile(api: TestApi): Promise<void> {
  const { db } = api;
  const topic = await api.call('POST', '/api/topics', { name: HOSTILE_TOPIC_NAME, query: `fundspark OR "${longWord(150, 'q')}"` });
  expect(topic.status).toBe(201);
  const source = await api.call('POST', '/api/sources', { kind: 'rss', url: `https://blog.example/${longWord(1500, 'p')}`, name: `${MARKUP}${longWord(140, 'S')}`, topicId: 1 });
  expect(source.status).toBe(201);
  await recordSourceFailure(db, source.json.id, { kind: 'http', message: `HTTP 500 ${MARKUP}${longWord(10_000)}` }, T0, T0);
  // Crawls only ever store a parsed URL here; the dashboard must not rely on that.
  await db.updateTable('sources').set({ moved_to: HOSTILE_MOVED_TO }).where('id', '=', source.json.id).execute();
  await seedMentions(db, source.json.id, [
    { key: 'long', label: 'negative', topicIds: [1], at: T0 - 60_000, title: `${longWord(10_000)} ${MARKUP}`, text: `${longWord(10_000)}${RTL_OVERRIDE}${QUOTES}` },
  ]);
  await seedAlert(db, 1, 'open', {
    windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60,
    terms: [{ term: `${MARKUP}${longWord(10_000)}`, surgeCount: 3, baselineCount: 0, z: 2 }],
    topMentions: [{ id: 1, url: JS_URL, title: longWord(10_000), excerpt: longWord(10_000), sentimentScore: -1, publishedAt: T0 }],
    firstMentions: [{ id: 1, url: `https://blog.example/${longWord(3000, 'u')}`, title: null, publishedAt: T0, at: T0, sentiment: 'negative', source: { kind: 'rss', name: longWord(10_000) } }],
    authors: { mentions: 5, known: 5, distinct: 1, top: { author: `${MARKUP}${longWord(10_000)}`, mentions: 5 } },
  });
  expect((await api.call('PUT', '/api/topics/1/mute', { reason: `${MARKUP}${longWord(440, 'R')}`, until: T0 + HOUR })).status).toBe(200);
  expect((await api.call('POST', '/api/webhooks', { url: `https://hooks.example/${longWord(1500, 'h')}` })).status).toBe(201);
  await enqueueDeliveries(db, { eventId: 'evt_hostile', alertId: 1, eventType: 'alert.opened', payload: '{}' }, [1], T0);
  await insertDeliveryAttempt(db, { deliveryId: 1, endpointId: 1, attemptedAt: T0, outcome: 'retry', httpStatus: 500, latencyMs: 3, error: `HTTP 500 ${MARKUP}${longWord(10_000)}`, nextAttemptAt: T0 + 1000 });
}

/** One browser for the file; each part starts its own app on 127.0.0.1 with the data it needs. */
const browser = useDashboardBrowser();

/** What a reader would see go wrong: a script that ran, a link that is not http(s) or the page's own, and how far the page scrolls sideways. */
async function inspect(page: Page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    foreignLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((href) => !/^(https?:\/\/|#\/)/.test(href)),
    images: document.querySelectorAll('img, script:not([src="/dashboard.js"])').length,
  }));
}

describe('the dashboard with hostile names, titles, reasons and errors', () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    await seedHostile(api);
    url = await browser.serveApi(api);
  });

  const pages = ['#/', '#/alerts/1', '#/topics/1'];
  it.each([
    { name: 'desktop', width: 1280 },
    { name: 'phone', width: 390 },
  ])('shows them as text, links only http(s), and never scrolls sideways ($name, $width px)', async ({ width }) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    page.on('pageerror', (error) => errors.push(error.message));
    for (const hash of pages) {
      await page.goto(url + hash);
      await page.waitForSelector('body[data-loaded="true"]');
      // The parts that load after the page: the delivery log, the chart, the mentions.
      if (hash === '#/alerts/1') await page.waitForSelector('#alert-deliveries table.attempts');
      expect(await inspect(page), hash).toEqual({ scrollWidth: width, foreignLinks: [], images: 0 });
    }
    expect(await page.locator('#topic-heading').textContent()).toBe(HOSTILE_TOPIC_NAME);
    expect(await page.locator('#topic-sources .moved-to').textContent()).toBe(`moved to ${HOSTILE_MOVED_TO}`);
    await page.goto(url + '#/');
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator('#sources .moved-to').textContent()).toBe(`moved to ${HOSTILE_MOVED_TO}`);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('creating a topic, a source or a webhook with a double click or a second Enter', () => {
  let url: string;
  let page: Page;
  beforeAll(async () => {
    url = await browser.serveApi(await createTestApi({ now: () => T0 }));
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]');
  });
  afterAll(async () => { await page?.close(); });

  it.each([
    { name: 'topic', form: '#topic-create', field: 'name', values: { name: 'Acme', query: 'acme' }, path: '/api/topics', feedback: '#topic-create-feedback', said: /^Topic "Acme" added/ },
    { name: 'source', form: '#source-create', field: 'url', values: { url: 'https://blog.example/feed.xml' }, path: '/api/sources', feedback: '#source-create-feedback', said: /^Source #1 \(rss, https:\/\/blog.example\/feed.xml\) added/ },
    { name: 'webhook', form: '#webhook-create', field: 'url', values: { url: 'https://hooks.example/earshot' }, path: '/api/webhooks', feedback: '#webhooks-feedback', said: /added\. Its receiver checks each request with the signing secret below\.$/ },
  ])('sends one $name, and says it was added (a webhook keeps its secret in sight)', async ({ form, values, path, feedback, said }) => {
    const posts: string[] = [];
    const count = (request: { method(): string; url(): string }) => { if (request.method() === 'POST' && new URL(request.url()).pathname === path) posts.push(request.url()); };
    page.on('request', count);
    for (const [name, value] of Object.entries(values)) await page.fill(`${form} [name="${name}"]`, value);
    // Two submissions in one go, as a double click or Enter pressed twice before the answer comes.
    await page.evaluate((selector) => {
      const node = document.querySelector(selector) as HTMLFormElement;
      node.requestSubmit();
      node.requestSubmit();
    }, form);
    await page.waitForSelector(`${feedback}[data-kind="ok"]:not([hidden])`);
    await page.waitForSelector(`${form}:not([aria-busy])`);
    page.off('request', count);
    expect(posts).toHaveLength(1);
    expect(await page.locator(feedback).textContent()).toMatch(said);
    if (path === '/api/webhooks') expect(await page.locator('#webhooks-secret input.secret').isVisible()).toBe(true);
  });
});

describe('counts the server fails to give', () => {
  let url: string;
  let page: Page;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    await seedAlert(api.db, 1, 'open', { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60 });
    url = await browser.serveApi(api);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route('**/api/topics/*/series?*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"database is locked"}}' }));
  });
  afterAll(async () => { await page?.close(); });

  it.each([
    { name: "the overview's topic card", hash: '#/', line: '#topics li .meta', said: 'its counts could not be loaded: database is locked' },
    { name: "the alert page's chart", hash: '#/alerts/1', line: '#alert-chart-empty', said: 'The counts could not be loaded: database is locked' },
  ])('are said to be unreadable on $name, not shown as no mentions', async ({ hash, line, said }) => {
    await page.goto(url + hash);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator(line).textContent()).toBe(said);
    expect(await page.locator(line).isVisible()).toBe(true);
  });
});

describe('a server that accepts the connection and does not answer', () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    await seedAlert(api.db, 1);
    url = await browser.serveApi(api);
  });

  it.each([
    { name: 'overview', hash: '#/' },
    { name: 'alert page', hash: '#/alerts/1' },
    { name: 'topic page', hash: '#/topics/1' },
  ])('says the $name is loading, then that the server did not answer, and loads it on Retry', async ({ hash }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The browser's clock, run by hand: no test waits 30 s.
    await page.clock.install();
    // Requests are held, never answered, until unrouted.
    const hang = () => undefined;
    await page.route('**/api/**', hang);
    await page.goto(url + hash);
    await page.waitForSelector('body[data-loaded="loading"]');
    await page.clock.runFor(1_000);
    expect(await page.locator('#loading').isVisible()).toBe(true);
    await page.clock.runFor(30_000);
    await page.waitForSelector('body[data-loaded="error"]');
    expect(await page.locator('#loading').isVisible()).toBe(false);
    expect(await page.locator('#load-failure-text').textContent()).toBe('The Earshot server did not answer within 30 s: it may be overloaded or stuck. Retry, or look at its log.');
    await page.unroute('**/api/**', hang);
    await page.click('#retry');
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator('#load-failure').isHidden()).toBe(true);
    await page.close();
  });
});

describe("the hours under an alert's chart, in the reader's time zone", () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    // Open for five days: its chart is its latest three, hourly, as the series API gives them, on UTC hours.
    const opened = T0 - 5 * 24 * HOUR;
    await seedAlert(api.db, 1, 'open', { windowStart: opened - HOUR, windowEnd: opened, windowMinutes: 60 });
    // And one of an hour: 5-minute buckets.
    await seedAlert(api.db, 1, 'open', { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60 });
    url = await browser.serveApi(api);
  });

  it.each([
    { zone: 'UTC', alert: 1 },
    { zone: 'Asia/Kolkata', alert: 1 },
    { zone: 'Asia/Kathmandu', alert: 1 },
    { zone: 'America/St_Johns', alert: 1 },
    { zone: 'Asia/Kolkata', alert: 2 },
  ])('are whole hours of the local clock ($zone, alert $alert)', async ({ zone, alert }) => {
    const labels = await chartHours(url, alert, zone);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels.filter((label) => !/^\d\d:00$/.test(label.text))).toEqual([]);
  });
});

describe("the hours under an alert's chart on the nights the clocks change", () => {
  let url: string;
  /** An alert judged on the hour before the change and resolved `after` it: its chart runs from seven hours before the change to two after it resolved, in 5-minute buckets. */
  const around = (change: number, after: number) => ({ change, after });
  const nights = [
    around(LONDON_FALL_BACK, HOUR), // the same instant as Paris's
    around(PARIS_FALL_BACK, 13 * HOUR), // 22 hours: a label every two hours, the closest they come
    around(LONDON_SPRING_FORWARD, HOUR),
    around(LORD_HOWE_FALL_BACK, HOUR),
    around(LORD_HOWE_SPRING_FORWARD, HOUR),
  ];
  beforeAll(async () => {
    // The server's clock says 30 November; the chart places its range by it (from /health), not by the browser's.
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    for (const { change, after } of nights) {
      const id = await seedAlert(api.db, 1, 'open', { windowStart: change - HOUR, windowEnd: change, windowMinutes: 60 });
      await updateAlert(api.db, id, { status: 'resolved', resolvedAt: change + after }, T0);
    }
    url = await browser.serveApi(api);
  });

  it.each([
    // 01:00 came twice in London and 02:00 in Paris: each label says which.
    { name: 'London, clocks back', zone: 'Europe/London', alert: 1, hours: ['19:00', '20:00', '21:00', '22:00', '23:00', '00:00', '01:00 +01', '01:00 +00', '02:00', '03:00'] },
    { name: 'Paris, clocks back', zone: 'Europe/Paris', alert: 1, hours: ['20:00', '21:00', '22:00', '23:00', '00:00', '01:00', '02:00 +02', '02:00 +01', '03:00', '04:00'] },
    { name: 'Paris, clocks back, every two hours', zone: 'Europe/Paris', alert: 2, hours: ['20:00', '22:00', '00:00', '02:00 +02', '02:00 +01', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00', '16:00'] },
    // 01:00 to 02:00 never happened in London that night.
    { name: 'London, clocks forward', zone: 'Europe/London', alert: 3, hours: ['18:00', '19:00', '20:00', '21:00', '22:00', '23:00', '00:00', '02:00', '03:00', '04:00'] },
    // Half an hour back: 01:30 to 02:00 came twice, but no whole hour did; after it, whole hours fall on UTC half hours.
    { name: 'Lord Howe, half an hour back', zone: 'Australia/Lord_Howe', alert: 4, hours: ['19:00', '20:00', '21:00', '22:00', '23:00', '00:00', '01:00', '02:00', '03:00', '04:00'] },
    // Half an hour forward: 02:00 to 02:30 never happened.
    { name: 'Lord Howe, half an hour forward', zone: 'Australia/Lord_Howe', alert: 5, hours: ['19:00', '20:00', '21:00', '22:00', '23:00', '00:00', '01:00', '03:00', '04:00', '05:00'] },
  ])('name each hour once, at a time the clock showed ($name)', async ({ zone, alert, hours }) => {
    const labels = await chartHours(url, alert, zone);
    expect(labels.map((label) => label.text)).toEqual(hours);
    // Left to right in time, and no label over the next one.
    labels.slice(1).forEach((label, i) => {
      expect(label.line).toBeGreaterThan(labels[i]!.line);
      expect(label.left).toBeGreaterThanOrEqual(labels[i]!.right);
    });
  });
});

describe('more open and acknowledged alerts than the overview shows at first', () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    // A night every source failed: 23 open alerts, and 12 acknowledged ones (ids 24 to 35).
    for (let i = 0; i < 35; i += 1) await seedAlert(api.db, 1, i < 23 ? 'open' : 'acknowledged', { windowStart: T0 - HOUR, windowEnd: T0 });
    url = await browser.serveApi(api);
  });

  it('says some were left out, and shows them all when asked, refreshes included', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.clock.install({ time: T0 });
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]');
    const shown = () => page.locator('#alerts li.alert').evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-alert-id'))));
    // The newest of each: open 23 to 4, acknowledged 35 to 26.
    expect(await shown()).toEqual([...range(23, 4), ...range(35, 26)]);
    expect(await page.locator('#alerts-more').isVisible()).toBe(true);
    expect(await page.locator('#alerts-more-text').textContent()).toBe('Only the newest 20 open and 10 acknowledged alerts are shown; there are more.');
    await page.locator('#alerts-show-all').click();
    await page.waitForSelector('#alerts-more', { state: 'hidden' });
    expect(await shown()).toEqual([...range(23, 1), ...range(35, 24)]);
    // The minute's refresh keeps them all: the list is built anew (no card marked before it is left) with every alert.
    await page.locator('#alerts li.alert').evaluateAll((cards) => cards.forEach((card) => card.setAttribute('data-before-refresh', '')));
    await page.clock.runFor(60_000);
    await page.waitForFunction(() => document.querySelector('#alerts li.alert') !== null && document.querySelector('#alerts li.alert[data-before-refresh]') === null);
    expect(await shown()).toEqual([...range(23, 1), ...range(35, 24)]);
    expect(await page.locator('#alerts-more').isVisible()).toBe(false);
    await page.close();
  });

  it('says so by the button when the others cannot be read, and keeps the first ones', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]');
    await page.route('**/api/alerts?status=open&limit=100*', (route) => route.abort());
    await page.locator('#alerts-show-all').click();
    await page.waitForFunction(() => document.querySelector('#alerts-more-text')!.textContent!.startsWith('The other'));
    expect(await page.locator('#alerts-more-text').textContent()).toBe('The other alerts could not be loaded: the Earshot server did not answer.');
    expect(await page.locator('#alerts li.alert').count()).toBe(30);
    expect(await page.locator('#alerts-show-all').isEnabled()).toBe(true);
    await page.close();
  });
});

/** from, from - 1, … down to to. */
function range(from: number, to: number): number[] {
  return Array.from({ length: from - to + 1 }, (_, i) => from - i);
}

/** The hour labels under an alert's chart in this zone, with where each one's line is and where its text starts and ends. */
async function chartHours(url: string, alert: number, zone: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: zone, locale: 'en-GB' });
  await page.goto(`${url}#/alerts/${alert}`);
  await page.waitForSelector(`body[data-loaded="true"] #alert-page[data-alert-id="${alert}"] #alert-chart svg`);
  const labels = await page.locator('#alert-chart text.hour').evaluateAll((texts) => texts.map((text) => {
    const box = (text as SVGTextElement).getBBox();
    return { text: text.textContent ?? '', line: Number(text.getAttribute('x')), left: box.x, right: box.x + box.width };
  }));
  await page.close();
  return labels;
}

/** Whether this word of the element's text is laid out left to right (its first letter left of its last), or null when it is not there. */
function readsLeftToRight(page: Page, selector: string, word: string): Promise<boolean | null> {
  return page.evaluate(([selector, word]) => {
    const walker = document.createTreeWalker(document.querySelector(selector)!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const letter = (i: number) => { const range = document.createRange(); range.setStart(node!, i); range.setEnd(node!, i + 1); return range.getBoundingClientRect().left; };
      return letter(at) < letter(at + word.length - 1);
    }
    return null;
  }, [selector, word] as const);
}

describe('times on the other side of a clock change, in the reader\'s time zone', () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    // Opened in July; and one opened now over the night Paris put its clocks back (02:30 summer time to 02:30 winter time).
    await insertAlert(api.db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence: { observed: 12, expected: 2, windowStart: JULY_NOON - HOUR, windowEnd: JULY_NOON, topMentions: [] } as never }, JULY_NOON);
    await seedAlert(api.db, 1, 'open', { windowStart: PARIS_FALL_BACK - HOUR / 2, windowEnd: PARIS_FALL_BACK + HOUR / 2 });
    url = await browser.serveApi(api);
  });

  const marked = 'now; a time across a clock change is marked with its own offset)';
  it.each([
    { name: 'July, read in Paris in November', zone: 'Europe/Paris', now: T0, hash: '#/alerts/1', line: '#alert-head .meta', said: /^opened 01\/07\/2026, 14:00:00 \(UTC\+02:00\) · /, note: `times in Europe/Paris (UTC+01:00 ${marked}` },
    { name: 'November, read in Paris in July', zone: 'Europe/Paris', now: JULY_NOON, hash: '#/alerts/2', line: '#alert-head .meta', said: /^opened 30\/11\/2026, 13:00:00 \(UTC\+01:00\) · /, note: `times in Europe/Paris (UTC+02:00 ${marked}` },
    { name: 'the night the clocks went back, read in Paris in November', zone: 'Europe/Paris', now: T0, hash: '#/', line: '#alerts li[data-alert-id="2"] .alert-meta', said: /, 25\/10\/2026, 02:30:00 \(UTC\+02:00\) – 02:30:00$/, note: `times in Europe/Paris (UTC+01:00 ${marked}` },
    { name: "July, Sydney's winter, read in its summer", zone: 'Australia/Sydney', now: T0, hash: '#/alerts/1', line: '#alert-head .meta', said: /^opened 01\/07\/2026, 22:00:00 \(UTC\+10:00\) · /, note: `times in Australia/Sydney (UTC+11:00 ${marked}` },
    { name: 'July, read in Tokyo, which has no summer time', zone: 'Asia/Tokyo', now: T0, hash: '#/alerts/1', line: '#alert-head .meta', said: /^opened 01\/07\/2026, 21:00:00 · /, note: 'times in Asia/Tokyo (UTC+09:00)' },
  ])('carry their own UTC offset ($name)', async ({ zone, now, hash, line, said, note }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: zone, locale: 'en-GB' });
    await page.clock.install({ time: now });
    await page.goto(url + hash);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator(line).textContent()).toMatch(said);
    expect(await page.locator('#time-zone').textContent()).toBe(note);
    await page.close();
  });
});

describe('a name holding a right-to-left override it never closes', () => {
  let url: string;
  let page: Page;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: `${UNCLOSED_RTL}evil`, query: 'fundspark' })).status).toBe(201);
    expect((await api.call('POST', '/api/topics', { name: 'Globex', query: 'globex' })).status).toBe(201);
    expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml' })).status).toBe(201);
    await seedMentions(api.db, 1, [{ key: 'both', label: 'negative', topicIds: [1, 2], at: T0 - 60_000, title: 'FundSpark and Globex' }]);
    await seedAlert(api.db, 1, 'open', { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60, authors: { mentions: 5, known: 5, distinct: 1, top: { author: `${UNCLOSED_RTL}troll`, mentions: 5 } } });
    expect((await api.call('PUT', '/api/topics/1/mute', { reason: `${UNCLOSED_RTL}why`, until: T0 + HOUR })).status).toBe(200);
    url = await browser.serveApi(api);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => { await page?.close(); });

  it.each([
    { name: "an alert card's title", hash: '#/', selector: '#alerts .alert-title', word: 'Backlash' },
    { name: "a mention's topics", hash: '#/', selector: '#mentions li .meta:not(.explanation)', word: 'Globex' },
    { name: "the alert page's heading", hash: '#/alerts/1', selector: '#alert-heading', word: 'Backlash' },
    { name: "the alert's authors", hash: '#/alerts/1', selector: '#alert-evidence dd[data-fact="authors"]', word: 'mostly' },
    { name: "the topic's snooze", hash: '#/alerts/1', selector: '#alert-actions .mute-state', word: 'snoozed' },
  ])('leaves the rest of $name reading left to right', async ({ hash, selector, word }) => {
    await page.goto(url + hash);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await readsLeftToRight(page, selector, word)).toBe(true);
  });
});

describe('a name holding a right-to-left override it never closes, in what an action asks or says', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => { await page?.close(); });

  /** A fresh app per case: an action changes what the next case would meet. */
  async function serveNamed(): Promise<string> {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: `${UNCLOSED_RTL}evil`, query: 'fundspark' })).status).toBe(201);
    expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml', name: `${UNCLOSED_RTL}feed`, topicId: 1 })).status).toBe(201);
    expect((await api.call('POST', '/api/webhooks', { url: 'https://hooks.example/earshot', topicIds: [1] })).status).toBe(201);
    await seedAlert(api.db, 1, 'open', { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60 });
    return browser.serveApi(api);
  }

  it.each([
    { name: "a source's Delete question", hash: '#/', act: ['click', '#sources button.delete-source'], selector: '#sources .confirm-question', word: 'mentions' },
    { name: "a topic's Delete question", hash: '#/topics/1', act: ['click', '#topic-actions button.delete-topic'], selector: '#topic-actions .confirm-question', word: 'alerts' },
    { name: "a source's Disable outcome", hash: '#/', act: ['click', '#sources button.toggle-source'], selector: '#sources-feedback', word: 'crawled' },
    { name: "a new topic's outcome", hash: '#/', act: ['create', '#topic-create', { name: `${UNCLOSED_RTL}more`, query: 'more' }], selector: '#topic-create-feedback', word: 'added' },
    { name: "a new source's outcome", hash: '#/', act: ['create', '#source-create', { url: 'https://blog.example/other.xml', name: `${UNCLOSED_RTL}other` }], selector: '#source-create-feedback', word: 'crawl' },
    { name: 'the snooze choice', hash: '#/alerts/1', act: null, selector: '#alert-actions label.snooze-for', word: 'notifications' },
    { name: 'the snooze outcome', hash: '#/alerts/1', act: ['click', '#alert-actions button.snooze'], selector: '#alert-feedback', word: 'escalation' },
    { name: "a webhook's topic filter", hash: '#/', act: null, selector: '#webhooks .webhook-filters', word: 'events' },
    { name: "a source's name on its topic's page", hash: '#/topics/1', act: null, selector: '#topic-sources li .row-head', word: 'blog' },
  ] as const)('leaves the rest of $name reading left to right', async ({ hash, act, selector, word }) => {
    await page.goto((await serveNamed()) + hash);
    await page.waitForSelector('body[data-loaded="true"]');
    if (act?.[0] === 'click') await page.click(act[1]);
    if (act?.[0] === 'create') {
      for (const [field, value] of Object.entries(act[2])) await page.fill(`${act[1]} [name="${field}"]`, value);
      await page.click(`${act[1]} button[type="submit"]`);
    }
    await page.waitForSelector(`${selector}:not([hidden])`);
    // An outcome line is filled when the answer comes; a question at once.
    await page.waitForFunction(([selector, word]) => document.querySelector(selector)?.textContent?.includes(word), [selector, word] as const);
    expect(await readsLeftToRight(page, selector, word)).toBe(true);
  });
});

describe("snoozing from a browser whose clock is not the server's", () => {
  let api: TestApi;
  let url: string;
  beforeAll(async () => {
    api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    await seedAlert(api.db, 1);
    url = await browser.serveApi(api);
  });

  it.each([
    { name: '3 hours fast', skew: 3 * HOUR },
    { name: '2 hours slow', skew: -2 * HOUR },
  ])('snoozes for 1 hour by the server\'s clock ($name)', async ({ skew }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.clock.install({ time: T0 + skew });
    await page.goto(`${url}#/alerts/1`);
    await page.waitForSelector('body[data-loaded="true"] #alert-page[data-alert-id="1"][data-state="loaded"]');
    await page.selectOption('#snooze-for', { label: '1 hour' });
    await page.click('#alert-actions button.snooze');
    await page.waitForSelector('#alert-feedback:not([hidden])');
    expect(await page.locator('#alert-feedback').getAttribute('data-kind')).toBe('ok');
    expect((await getTopicMute(api.db, 1))?.mutedUntil).toBe(T0 + HOUR);
    expect((await api.call('DELETE', '/api/topics/1/mute')).status).toBeLessThan(300);
    await page.close();
  });
});

describe("a source's next check from a browser whose clock is not the server's", () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml' })).status).toBe(201);
    // Due 10 minutes ago by the server's clock, which the crawl keeps.
    await api.db.updateTable('sources').set({ next_check_at: T0 - 10 * 60_000 }).execute();
    expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/later.xml' })).status).toBe(201);
    // Due in an hour by the server's clock.
    await api.db.updateTable('sources').set({ next_check_at: T0 + HOUR }).where('id', '=', 2).execute();
    url = await browser.serveApi(api);
  });

  it.each([
    { name: '3 hours fast', skew: 3 * HOUR },
    { name: '1 hour slow', skew: -HOUR },
  ])('is "due now" by the server\'s clock ($name)', async ({ skew }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.clock.install({ time: T0 + skew });
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"] #sources tr[data-source-id="2"]');
    const schedule = (id: number) => page.locator(`#sources tr[data-source-id="${id}"] td.schedule`).textContent();
    expect(await schedule(1)).toMatch(/\(due now\)$/);
    expect(await schedule(2)).not.toMatch(/due now/);
    await page.close();
  });
});

describe('charts when /health does not answer, from a browser whose clock is 3 hours fast', () => {
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    await seedAlert(api.db, 1, 'open', { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60 });
    url = await browser.serveApi(api);
  });

  it.each([
    { name: 'the alert chart, /health never answered', before: null, hash: '#/alerts/1', note: '#alert-chart-clock', clock: 'browser' },
    { name: "the topic's chart, /health never answered", before: null, hash: '#/topics/1', note: '#topic-chart-clock', clock: 'browser' },
    { name: 'the alert chart, /health answered on the overview before', before: '#/', hash: '#/alerts/1', note: '#alert-chart-clock', clock: 'server' },
    { name: "the topic's chart, /health answered on the overview before", before: '#/', hash: '#/topics/1', note: '#topic-chart-clock', clock: 'server' },
  ])('place "now" by the last known server clock, else say it is the browser\'s ($name)', async ({ before, hash, note, clock }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.clock.install({ time: T0 + 3 * HOUR });
    const refuse = (route: Route) => route.fulfill({ status: 502, contentType: 'text/plain', body: 'bad gateway' });
    if (before) {
      await page.goto(url + before);
      await page.waitForSelector('body[data-loaded="true"] #health[data-status="ok"]');
    }
    await page.route('**/health', refuse);
    const ends: number[] = [];
    page.on('request', (request) => { const asked = new URL(request.url()); if (asked.pathname.endsWith('/series')) ends.push(Number(asked.searchParams.get('to'))); });
    if (before) await page.evaluate((hash) => { location.hash = hash; }, hash);
    else await page.goto(url + hash);
    await page.waitForSelector(`body[data-loaded="true"][data-view="${hash.startsWith('#/alerts') ? 'alert' : 'topic'}"]`);
    // The chart's own series (a week-earlier one ends a week before it).
    const end = Math.max(...ends);
    expect(Math.abs(end - (clock === 'server' ? T0 : T0 + 3 * HOUR))).toBeLessThan(HOUR);
    expect(await page.locator(note).isVisible()).toBe(clock === 'browser');
    if (clock === 'browser') expect(await page.locator(note).textContent()).toBe('"Now" on this chart is this browser’s clock: the server’s could not be read (/health did not answer).');
    await page.close();
  });
});

describe('answering "Delete?" with the keyboard', () => {
  let page: Page;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml' })).status).toBe(201);
    expect((await api.call('POST', '/api/webhooks', { url: 'https://hooks.example/earshot' })).status).toBe(201);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(await browser.serveApi(api));
    await page.waitForSelector('body[data-loaded="true"]');
  });
  afterAll(async () => { await page?.close(); });

  const focused = () => page.evaluate(() => document.activeElement?.className ?? null);

  it.each([
    { name: 'a source', button: 'button.delete-source' },
    { name: 'a webhook', button: 'button.delete-webhook' },
  ])('keeps the focus on the Delete button of $name after Cancel', async ({ button }) => {
    await page.focus(button);
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('confirm-no');
    await page.keyboard.press('Enter');
    expect(await page.locator('.confirm-no').count()).toBe(0);
    expect(await focused()).toBe(button.slice('button.'.length));
    // And Enter asks again, from where the reader is.
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('confirm-no');
    await page.keyboard.press('Enter');
  });
});

describe("an alert's kind, on the overview's card as on its page", () => {
  const kinds = [
    { kind: 'backlash', name: 'Backlash' },
    { kind: 'positive-surge', name: 'Positive surge' },
    { kind: 'volume-spike', name: 'Volume spike' },
    { kind: 'silence', name: 'Silence' },
    { kind: 'source-health', name: 'Source outage' },
  ] as const;
  let page: Page;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    for (const { kind } of kinds) await insertAlert(api.db, { topicId: 1, kind, severity: 'warning', evidence: { observed: 12, expected: 2, topMentions: [] } as never }, T0);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(await browser.serveApi(api));
    await page.waitForSelector('body[data-loaded="true"]');
  });
  afterAll(async () => { await page?.close(); });

  it.each(kinds.map(({ kind, name }, i) => ({ kind, name, id: i + 1 })))('names $kind as $name', async ({ name, id }) => {
    expect(await page.locator(`#alerts li[data-alert-id="${id}"] .alert-title`).textContent()).toBe(`FundSpark: ${name} (warning)`);
  });
});

describe('a mention whose stored explanation lacks weights or words', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => { await page?.close(); });

  /** An app holding one mention explained so, and an alert over it; as an older scorer, or a hand-edited row, could leave it. */
  async function serveExplained(explanation: unknown[]): Promise<string> {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    expect((await api.call('POST', '/api/sources', { kind: 'rss', url: 'https://blog.example/feed.xml' })).status).toBe(201);
    await seedMentions(api.db, 1, [{ key: 'old', label: 'negative', topicIds: [1], at: T0 - 60_000, title: 'FundSpark is awful', explanation: explanation as never }]);
    await seedAlert(api.db, 1, 'open', { windowStart: T0 - HOUR, windowEnd: T0, windowMinutes: 60 });
    return browser.serveApi(api);
  }

  const words = { explanation: [{ token: 'awful' }, { token: 'bad', weight: -2, rule: 'negation' }], said: 'why: awful (weight unknown), bad -2.0 (negation)' };
  const noWords = { explanation: [{ weight: 1 }, null, { token: 'bad', weight: -2 }], said: 'why: bad -2.0' };
  it.each([
    { name: "a word without a weight, in the overview's mentions", hash: '#/', line: '#mentions li .explanation', ...words },
    { name: "a word without a weight, in the alert page's mentions", hash: '#/alerts/1', line: '#alert-mentions li .explanation', ...words },
    { name: "entries without a word, in the overview's mentions", hash: '#/', line: '#mentions li .explanation', ...noWords },
    { name: "entries without a word, in the alert page's mentions", hash: '#/alerts/1', line: '#alert-mentions li .explanation', ...noWords },
  ])('explains what it can: $name', async ({ hash, line, explanation, said }) => {
    await page.goto((await serveExplained(explanation)) + hash);
    await page.waitForSelector('body[data-loaded]:not([data-loaded="loading"])');
    expect(await page.locator('#load-failure-text').textContent()).toBe('');
    expect(await page.locator(line).textContent()).toBe(said);
    expect(await page.locator('main:not([hidden])').innerText()).not.toMatch(/undefined|NaN/);
  });
});

describe('an alert stored by an older detector, its evidence without counts or window', () => {
  let page: Page;
  let url: string;
  beforeAll(async () => {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    await insertAlert(api.db, { topicId: 1, kind: 'backlash', severity: 'warning', evidence: {} as never }, T0);
    url = await browser.serveApi(api);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => { await page?.close(); });

  it.each([
    { name: "the overview's card", hash: '#/', line: '#alerts li .alert-meta', said: /^opened .+ · no counts recorded for this alert$/ },
    { name: "the alert page's window", hash: '#/alerts/1', line: '#alert-evidence dd[data-fact="window"]', said: /^unknown \(not recorded for this alert\)$/ },
  ])('says what was not recorded on $name', async ({ hash, line, said }) => {
    await page.goto(url + hash);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.locator(line).textContent()).toMatch(said);
    expect(await page.locator('main:not([hidden])').innerText()).not.toMatch(/undefined|NaN|Invalid Date|— – —| \? /);
  });
});

describe('acknowledging an alert on the overview', () => {
  /** An app with these alerts of one topic (open unless said), served; the first alert is #1. */
  async function serveAlerts(topic: string, alerts: { kind?: 'backlash' | 'silence'; status?: 'acknowledged' }[]) {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: topic, query: 'fundspark' })).status).toBe(201);
    for (const { kind = 'backlash', status } of alerts) {
      const alert = await insertAlert(api.db, { topicId: 1, kind, severity: 'warning', evidence: { observed: 12, expected: 2, windowStart: T0 - HOUR, windowEnd: T0, topMentions: [] } as never }, T0);
      if (status) await updateAlert(api.db, alert.id, { status }, T0);
    }
    return { api, url: await browser.serveApi(api) };
  }

  async function openOverview(url: string, clock = false): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    if (clock) await page.clock.install({ time: T0 });
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]');
    return page;
  }

  const card = (id: number) => `#alerts li.alert[data-alert-id="${id}"]`;
  /** The element's text, or this attribute of it; null when there is no such element (a locator would wait for one). */
  const read = (page: Page, selector: string, attribute: string | null = null) => page.evaluate(([selector, attribute]) => {
    const node = document.querySelector(selector);
    return node === null ? null : attribute === null ? node.textContent : node.getAttribute(attribute);
  }, [selector, attribute] as const);
  /** Whether the keyboard's focus is on this element. */
  const hasFocus = (page: Page, selector: string) => page.evaluate((selector) => document.activeElement !== null && document.activeElement === document.querySelector(selector), selector);
  /** The banner at the page's top (where it went before), or any announced line in the alerts section. */
  const said = '#notice:not([hidden]), #alerts-section [role="status"]:not([hidden])';

  it("says by the card why it could not, announced, and keeps saying it through the minute's refresh", async () => {
    const { url } = await serveAlerts('FundSpark', [{}, {}]);
    const page = await openOverview(url, true);
    await page.route('**/api/alerts/1/ack', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: '{"error":{"code":"conflict","message":"alert 1 is resolved already"}}' }));
    await page.click(`${card(1)} button.ack`);
    await page.waitForSelector(said);
    const line = `${card(1)} [role="status"]`;
    expect(await read(page, line)).toBe('Could not acknowledge: alert 1 is resolved already');
    expect(await read(page, line, 'data-kind')).toBe('error');
    expect(await page.locator('#notice').isHidden()).toBe(true);
    expect(await page.locator(`${card(1)} button.ack`).isEnabled()).toBe(true);
    expect(await hasFocus(page, `${card(1)} button.ack`)).toBe(true);
    // The minute's refresh builds the list anew (no card marked before it is left), and the line with it.
    await page.locator('#alerts li.alert').evaluateAll((cards) => cards.forEach((c) => c.setAttribute('data-before-refresh', '')));
    await page.clock.runFor(60_000);
    await page.waitForFunction(() => document.querySelector('#alerts li.alert') !== null && document.querySelector('#alerts li.alert[data-before-refresh]') === null);
    expect(await read(page, line)).toBe('Could not acknowledge: alert 1 is resolved already');
    expect(await page.locator(line).isVisible()).toBe(true);
    await page.close();
  });

  it.each([
    { name: 'in its card', acknowledged: 0, line: `${card(1)} [role="status"]` },
    // Ten acknowledged alerts newer than it: the overview shows those, and #1 leaves the list.
    { name: 'above the list, when the card left it', acknowledged: 10, line: '#alerts-feedback' },
  ])('says it acknowledged the alert $name', async ({ acknowledged, line }) => {
    const { api, url } = await serveAlerts('FundSpark', [{}, ...Array.from({ length: acknowledged }, () => ({ status: 'acknowledged' as const }))]);
    const page = await openOverview(url);
    await page.click(`${card(1)} button.ack`);
    // The list is loaded again: the card is acknowledged, or gone.
    await page.waitForFunction((open) => document.querySelector(open) === null, `${card(1)}[data-status="open"]`);
    expect(await read(page, line)).toBe('Alert #1 acknowledged: its reopenings and resolution stay quiet; an escalation still notifies.');
    expect(await read(page, line, 'role')).toBe('status');
    expect(await page.locator(line).isVisible()).toBe(true);
    expect(await hasFocus(page, line)).toBe(true);
    expect((await getAlert(api.db, 1))?.status).toBe('acknowledged');
    await page.close();
  });

  it('says the alert was acknowledged when only the list failed to refresh after, and offers no second press', async () => {
    const { api, url } = await serveAlerts('FundSpark', [{}]);
    const page = await openOverview(url);
    const acks: string[] = [];
    page.on('request', (request) => { if (request.method() === 'POST') acks.push(new URL(request.url()).pathname); });
    await page.route('**/api/alerts?status=*', (route) => route.abort());
    await page.click(`${card(1)} button.ack`);
    // Past the line's "acknowledged", said before the list is asked for again.
    await page.waitForSelector(`#notice:not([hidden]), ${card(1)} [role="status"]:not([hidden]):not([data-kind="ok"])`);
    const note = `${card(1)} [role="status"]`;
    expect(await read(page, note, 'data-kind')).toBe('warn');
    expect(await read(page, note)).toBe('Alert #1 acknowledged, but the alert list could not be loaded again (the Earshot server did not answer); the next refresh, within a minute, tries again.');
    expect(await page.locator('#notice').isHidden()).toBe(true);
    expect(await page.locator(`${card(1)} button.ack`).count()).toBe(0);
    expect(await read(page, card(1), 'data-status')).toBe('acknowledged');
    expect(await hasFocus(page, note)).toBe(true);
    expect((await getAlert(api.db, 1))?.status).toBe('acknowledged');
    expect(acks).toEqual(['/api/alerts/1/ack']);
    await page.close();
  });

  it("names the alert in each button's accessible name, the topic's name as text", async () => {
    const { url } = await serveAlerts(HOSTILE_TOPIC_NAME, [{ kind: 'backlash' }, { kind: 'silence' }]);
    const page = await openOverview(url);
    // Chromium's own accessibility tree: what a screen reader is given.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree') as { nodes: { role?: { value: string }; name?: { value: string } }[] };
    const buttons = nodes.filter((node) => node.role?.value === 'button' && node.name?.value.startsWith('Acknowledge')).map((node) => node.name!.value);
    expect(buttons).toEqual([`Acknowledge ${HOSTILE_TOPIC_NAME}: Silence (warning)`, `Acknowledge ${HOSTILE_TOPIC_NAME}: Backlash (warning)`]);
    expect(await inspect(page)).toEqual({ scrollWidth: 1280, foreignLinks: [], images: 0 });
    await page.close();
  });

  it('keeps the keyboard on the card it acknowledged, on the line that says so', async () => {
    const { url } = await serveAlerts('FundSpark', [{}, {}]);
    const page = await openOverview(url);
    await page.focus(`${card(1)} button.ack`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${card(1)}[data-status="acknowledged"]`);
    const focused = await page.evaluate(() => {
      const node = document.activeElement;
      return node === null || node === document.body ? 'the page' : { card: node.closest('li.alert')?.getAttribute('data-alert-id') ?? null, text: node.textContent };
    });
    expect(focused).toEqual({ card: '1', text: 'Alert #1 acknowledged: its reopenings and resolution stay quiet; an escalation still notifies.' });
    await page.close();
  });
});
