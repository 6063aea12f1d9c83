/**
 * What a reader is doing when the minute's refresh comes, in headless Chromium: typing in a form, an open
 * section, a button that was refused. The refresh rebuilds the lists under them; none of it may go.
 */
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRequestGate, focusIsOn, refresh, serveEveryList, useRefreshHarness, type RequestGate } from './refresh-harness';
import { createTestApi, seedAlert, T0 } from '../api/api-test-app';

const HOUR = 3_600_000;
const harness = useRefreshHarness();

/** The values of the form's controls by name (a multiple choice or checkboxes as the list of what is chosen). */
function formValues(page: Page, form: string): Promise<Record<string, string | string[] | null>> {
  return page.locator(form).evaluate((node: HTMLFormElement) => {
    const values: Record<string, string | string[] | null> = {};
    for (const control of Array.from(node.elements) as HTMLInputElement[]) {
      if (!control.name) continue;
      if (control.type === 'checkbox') values[control.name] = [...((values[control.name] as string[] | undefined) ?? []), ...(control.checked ? [control.value] : [])];
      else if (control instanceof HTMLSelectElement && control.multiple) values[control.name] = Array.from(control.selectedOptions).map((o) => o.value);
      else values[control.name] = control.value;
    }
    return values;
  });
}

describe("a form being filled in through the minute's refresh", () => {
  const webhook = '#webhooks li[data-webhook-id="1"]';

  it("keeps a webhook's open edit form, what was typed and the focus in it", async () => {
    const { url } = await serveEveryList(harness);
    const page = await harness.openPage(url, '#/');
    await page.focus(`${webhook} button.edit-webhook`);
    await page.keyboard.press('Enter');
    await page.keyboard.type('https://hooks.slack.com/services/T0/B0/typed-secret');
    await page.locator(`${webhook} form.webhook-edit input[name="eventTypes"][value="alert.resolved"]`).uncheck();
    await page.locator(`${webhook} form.webhook-edit select[name="minSeverity"]`).selectOption('critical');
    await page.focus(`${webhook} form.webhook-edit input[name="url"]`);
    const typed = await formValues(page, `${webhook} form.webhook-edit`);
    expect(typed).toMatchObject({ url: 'https://hooks.slack.com/services/T0/B0/typed-secret', eventTypes: ['alert.opened', 'alert.escalated'], minSeverity: 'critical' });

    await refresh(page, '#webhooks');
    expect(await page.locator(`${webhook} form.webhook-edit`).count()).toBe(1);
    expect(await page.locator(`${webhook}:not([data-before-refresh]) form.webhook-edit`).count()).toBe(1);
    expect(await formValues(page, `${webhook} form.webhook-edit`)).toEqual(typed);
    expect(await page.locator(`${webhook} button.edit-webhook`).getAttribute('aria-expanded')).toBe('true');
    expect(await focusIsOn(page, `${webhook} form.webhook-edit input[name="url"]`)).toBe(true);
    // The typed URL (a Slack URL is its own secret) is in the form only, nowhere else on the page.
    expect(await page.evaluate(() => document.documentElement.outerHTML.includes('typed-secret'))).toBe(false);

    await page.locator(`${webhook} form.webhook-edit button.cancel-edit`).click();
    expect(await page.locator(`${webhook} form.webhook-edit`).count()).toBe(0);
    expect(await page.locator(`${webhook} button.edit-webhook`).getAttribute('aria-expanded')).toBe('false');
    expect(await focusIsOn(page, `${webhook} button.edit-webhook`)).toBe(true);
    await page.close();
  });

  it('saves what a carried-over edit form holds, and closes it', async () => {
    const { api, url } = await serveEveryList(harness);
    const page = await harness.openPage(url, '#/');
    await page.locator(`${webhook} button.edit-webhook`).click();
    await page.locator(`${webhook} form.webhook-edit select[name="minSeverity"]`).selectOption('critical');
    await refresh(page, '#webhooks');
    expect(await page.locator(`${webhook} form.webhook-edit`).count()).toBe(1);
    await page.locator(`${webhook} form.webhook-edit button[type="submit"]`).click();
    await page.waitForSelector('#webhooks-feedback:has-text("updated")');
    await page.waitForFunction((form) => document.querySelector(form) === null, `${webhook} form.webhook-edit`);
    expect((await api.call('GET', '/api/webhooks/1')).json).toMatchObject({ minSeverity: 'critical' });
    expect(await focusIsOn(page, `${webhook} button.edit-webhook`)).toBe(true);
    await page.close();
  });

  it.each([
    {
      name: "the overview's new topic, source and webhook",
      hash: '#/',
      container: '#sources',
      fill: [
        ['#topic-create input[name="name"]', 'Acme'],
        ['#topic-create input[name="query"]', 'acme -jobs'],
        ['#source-create input[name="url"]', 'https://blog.example/feed.xml'],
        ['#source-create input[name="name"]', 'Acme blog'],
        ['#webhook-create input[name="url"]', 'https://hooks.example/typed'],
      ],
      choose: [['#source-create select[name="topicId"]', '1'], ['#webhook-create select[name="topicIds"]', '1'], ['#webhook-create select[name="minSeverity"]', 'critical']],
      forms: ['#topic-create', '#source-create', '#webhook-create'],
    },
    {
      name: "the topic page's name and query, detector settings and overrides",
      hash: '#/topics/1',
      container: '#topic-sources',
      fill: [
        ['#topic-edit input[name="query"]', 'fundspark OR "fund spark"'],
        ['#detector-form input[name="minCount"]', '12'],
        ['#lexicon-form textarea[name="overrides"]', 'killer = 0'],
      ],
      choose: [['#detector-form select[name="sensitivity"]', 'high']],
      forms: ['#topic-edit', '#detector-form', '#lexicon-form'],
    },
    {
      name: "the alert page's snooze period",
      hash: '#/alerts/1',
      container: '#alert-actions',
      fill: [],
      choose: [['#snooze-for', '14400000']],
      forms: [],
    },
  ])('keeps what was typed and chosen in $name', async ({ hash, container, fill, choose, forms }) => {
    const { url } = await serveEveryList(harness);
    const page = await harness.openPage(url, hash);
    for (const [field, text] of fill) await page.locator(field!).fill(text!);
    for (const [field, value] of choose) await page.locator(field!).selectOption(value!);
    const typed = await Promise.all(forms.map((form) => formValues(page, form)));
    await refresh(page, container);
    expect(await Promise.all(forms.map((form) => formValues(page, form)))).toEqual(typed);
    for (const [field, text] of fill) expect(await page.locator(field!).inputValue()).toBe(text);
    for (const [field, value] of choose) expect(await page.locator(field!).evaluate((node: HTMLSelectElement) => Array.from(node.selectedOptions).map((o) => o.value))).toContain(value);
    await page.close();
  });
});

describe("an open section through the minute's refresh", () => {
  it("stays open: a source's budget and blind spots, opened from the keyboard", async () => {
    const { url } = await serveEveryList(harness);
    const page = await harness.openPage(url, '#/');
    const summary = '#sources tr[data-source-id="1"] td.limits summary';
    await page.focus(summary);
    await page.keyboard.press('Enter');
    expect(await page.locator('#sources tr[data-source-id="1"] td.limits details').getAttribute('open')).toBe('');
    await refresh(page, '#sources');
    expect(await page.locator('#sources tr[data-source-id="1"] td.limits details').getAttribute('open')).toBe('');
    expect(await focusIsOn(page, summary)).toBe(true);
    await page.keyboard.press('Enter');
    await refresh(page, '#sources');
    expect(await page.locator('#sources tr[data-source-id="1"] td.limits details').getAttribute('open')).toBeNull();
    await page.close();
  });
});

describe('a button disabled while it asks, pressed from the keyboard', () => {
  const refusal = (route: Route) => route.request().method() === 'GET' ? route.continue()
    : route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"database is locked"}}' });

  it.each([
    { name: "the overview's Redeliver", hash: '#/', button: '#attention-deliveries li[data-delivery-id="1"] button.redeliver', path: '**/api/deliveries/1/redeliver', line: '#attention-feedback' },
    { name: "the alert page's Redeliver", hash: '#/alerts/1', button: '#alert-deliveries li[data-delivery-id="1"] button.redeliver', path: '**/api/deliveries/1/redeliver', line: '#alert-feedback' },
    { name: 'Re-enable', hash: '#/', button: '#attention-endpoints li[data-webhook-id="2"] button.reenable', path: '**/api/webhooks/2', line: '#attention-feedback' },
    { name: "a webhook's Send test", hash: '#/', button: '#webhooks li[data-webhook-id="1"] button.test-webhook', path: '**/api/webhooks/1/test', line: '#webhooks-feedback' },
    { name: "a webhook's Disable", hash: '#/', button: '#webhooks li[data-webhook-id="1"] button.toggle-webhook', path: '**/api/webhooks/1', line: '#webhooks-feedback' },
    { name: "a source's Disable", hash: '#/', button: '#sources tr[data-source-id="1"] button.toggle-source', path: '**/api/sources/1', line: '#sources-feedback' },
    { name: "the topic page's source Disable", hash: '#/topics/1', button: '#topic-sources li[data-source-id="1"] button.toggle-source', path: '**/api/sources/1', line: '#topic-sources-feedback' },
    { name: 'Pause', hash: '#/topics/1', button: '#topic-actions button.toggle-topic', path: '**/api/topics/1', line: '#topic-feedback' },
  ])('keeps the focus on $name when it is refused, enabled for a second try', async ({ hash, button, path, line }) => {
    const { url } = await serveEveryList(harness);
    const page = await harness.openPage(url, hash);
    if (hash === '#/alerts/1') await page.waitForSelector(button);
    await page.route(path, refusal);
    await page.focus(button);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${line}[data-kind="error"]:not([hidden])`);
    expect(await page.locator(button).isEnabled()).toBe(true);
    expect(await focusIsOn(page, button)).toBe(true);
    await page.close();
  });

  it.each([
    // The test app has no network: the redelivery is attempted and fails, which the line says (a warning, not a refusal).
    { name: "the overview's Redeliver", hash: '#/', button: '#attention-deliveries li[data-delivery-id="1"] button.redeliver', line: '#attention-feedback' },
    { name: "the alert page's Redeliver", hash: '#/alerts/1', button: '#alert-deliveries li[data-delivery-id="1"] button.redeliver', line: '#alert-feedback' },
    { name: 'Re-enable', hash: '#/', button: '#attention-endpoints li[data-webhook-id="2"] button.reenable', line: '#attention-feedback' },
    { name: "a webhook's Disable", hash: '#/', button: '#webhooks li[data-webhook-id="1"] button.toggle-webhook', line: '#webhooks-feedback' },
    { name: "a source's Disable", hash: '#/', button: '#sources tr[data-source-id="1"] button.toggle-source', line: '#sources-feedback' },
    { name: "the topic page's source Disable", hash: '#/topics/1', button: '#topic-sources li[data-source-id="1"] button.toggle-source', line: '#topic-sources-feedback' },
    { name: 'Pause', hash: '#/topics/1', button: '#topic-actions button.toggle-topic', line: '#topic-feedback' },
  ])('puts the focus on the line that says so when $name is done', async ({ hash, button, line }) => {
    const { url } = await serveEveryList(harness);
    const page = await harness.openPage(url, hash);
    await page.waitForSelector(button);
    await page.focus(button);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${line}:not([data-kind="error"]):not([hidden])`);
    expect(await focusIsOn(page, line)).toBe(true);
    await page.close();
  });
});

describe("Show all and the minute's refresh, one under way when the other begins", () => {
  /** The alerts' ids as the overview lists them. */
  const shown = (page: Page) => page.locator('#alerts li.alert').evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-alert-id'))));
  /** from, from - 1, … down to to. */
  const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

  const firstPages = [...range(23, 4), ...range(35, 26)];
  const all = [...range(23, 1), ...range(35, 24)];

  /** The overview over 23 open alerts and 12 acknowledged ones (ids 24 to 35), more of each than the first pages show, served through the gate. */
  async function openOverview(gate: RequestGate): Promise<Page> {
    const api = await createTestApi({ now: () => T0 });
    expect((await api.call('POST', '/api/topics', { name: 'FundSpark', query: 'fundspark' })).status).toBe(201);
    for (let i = 0; i < 35; i += 1) await seedAlert(api.db, 1, i < 23 ? 'open' : 'acknowledged', { windowStart: T0 - HOUR, windowEnd: T0 });
    const page = await harness.openPage(await harness.serveApi(api, gate), '#/');
    expect(await shown(page)).toEqual(firstPages);
    await noteAnswers(page);
    return page;
  }

  it("keeps every alert: the refresh's first pages, read before the press, do not come back", async () => {
    const gate = createRequestGate();
    const page = await openOverview(gate);

    // The refresh has read its first page of open alerts and its resolved ones (nothing of them is left to
    // run), and waits for its first page of acknowledged ones while the reader presses Show all. (Not the
    // resolved ones: Show all asks for the same URL, which Chromium would not send until the first is answered.)
    const acknowledged = gate.holdNext((url) => url.searchParams.get('status') === 'acknowledged' && url.searchParams.get('limit') === '10');
    await page.clock.runFor(60_000);
    await acknowledged.held;
    await page.waitForFunction(() => ['status=open&limit=20', 'status=resolved'].every((asked) => answers().read.some((url) => url.includes(asked))));
    await page.locator('#alerts-show-all').click();
    await page.waitForSelector('#alerts-more', { state: 'hidden' });
    expect(await shown(page)).toEqual(all);

    acknowledged.release();
    await page.waitForFunction(() => answers().waiting === 0);
    expect(await shown(page)).toEqual(all);
    expect(await page.locator('#alerts-more').isVisible()).toBe(false);
    await page.close();
  }, 40_000); // 35 alerts seeded and drawn three times: 8 s alone, 19 s beside other browser tests on two cores

  it('keeps Show all on when its own load fails after a refresh with it on had begun', async () => {
    const gate = createRequestGate();
    const page = await openOverview(gate);

    // The minute's refresh comes 60 s after the page loaded (a moment before now), and a request unanswered
    // for 30 s fails on its own: Show all is pressed 31 s on, the clock stopped, so that the refresh (at most
    // 29 s later) begins while Show all's request is held, and before that request gives up.
    const now = await page.evaluate(() => Date.now());
    await page.clock.pauseAt(now + 31_000);
    // Show all's first page of open alerts is held; the refresh begins meanwhile, with Show all on, and
    // reads its acknowledged ones (the same URL as Show all's, answered: the second such answer).
    const showAll = gate.holdNext((url) => url.searchParams.get('status') === 'open' && url.searchParams.get('limit') === '100');
    await page.locator('#alerts-show-all').click();
    await showAll.held;
    await page.locator('#alerts').evaluate((node) => { for (const child of node.children) child.setAttribute('data-before-refresh', ''); });
    await page.clock.runFor(29_000);
    await page.waitForFunction(() => answers().read.filter((url) => url.includes('status=acknowledged&limit=100')).length === 2);

    // Then Show all's request fails: the refresh, newer, owns the list and builds it with every alert.
    showAll.release(Response.json({ error: { code: 'internal', message: 'database is locked' } }, { status: 500 }));
    await page.waitForFunction(() => document.querySelector('#alerts > li.alert') !== null && document.querySelector('#alerts > [data-before-refresh]') === null && answers().waiting === 0);
    expect(await shown(page)).toEqual(all);
    expect(await page.locator('#alerts-more').isVisible()).toBe(false);
    expect(await page.locator('#alerts-more-text').textContent()).not.toContain('could not be loaded');
    expect(await page.locator('body').getAttribute('data-loaded')).toBe('true');

    // Show all is still on: the next refresh reads every alert too, not the first pages again.
    await refresh(page, '#alerts');
    expect(await shown(page)).toEqual(all);
    expect(await page.locator('#alerts-more').isVisible()).toBe(false);
    await page.close();
  }, 40_000); // as above: 35 alerts drawn three times
});

/**
 * From now on the page keeps, in answers(), the URL of each answer whose text the dashboard has read,
 * and how many requests it sent are not read yet. What the dashboard does with an answer once read runs
 * before anything else (promise callbacks): an answer listed has been dealt with.
 */
async function noteAnswers(page: Page): Promise<void> {
  await page.evaluate(() => {
    const read: string[] = [];
    let waiting = 0;
    const send = window.fetch;
    window.fetch = (...args) => {
      waiting += 1;
      return send(...args).then((response) => {
        const text = response.text.bind(response);
        response.text = () => text().then((body) => { waiting -= 1; read.push(response.url); return body; });
        return response;
      });
    };
    Object.assign(window, { answers: () => ({ read, waiting }) });
  });
}

declare function answers(): { read: string[]; waiting: number };
