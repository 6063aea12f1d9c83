/**
 * Where a keyboard user's focus goes when the dashboard builds part of a page anew (the minute's
 * refresh) or an action's button is disabled, in headless Chromium, which drops the focus of an element
 * it removes or disables: the next Tab then starts again from the page's top.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAlert } from '../../src/storage/alert-store';
import { focusIsOn, refresh, serveEveryList, useRefreshHarness } from './refresh-harness';
import { T0, type TestApi } from '../api/api-test-app';

const HOUR = 3_600_000;
const harness = useRefreshHarness();

/** The alert page is read once its deliveries are listed too: they come after the rest. */
async function openPage(url: string, hash: string): Promise<Page> {
  const page = await harness.openPage(url, hash);
  if (hash === '#/alerts/1') await page.waitForSelector('#alert-deliveries li[data-delivery-id="1"]');
  return page;
}

/** For the cases that change nothing in the database: the refresh only reads, a refused action writes nothing. */
let shared: Promise<{ api: TestApi; url: string }>;
beforeAll(() => { shared = serveEveryList(harness); });

describe("the keyboard's focus through the minute's refresh", () => {
  const card = (id: number) => `#alerts li[data-alert-id="${id}"]`;
  /**
   * One page a view for the cases that only focus and refresh: each puts the focus where it wants it
   * first, and every refresh rebuilds the lists from the same data, so no case sees another's traces.
   * Opening a page costs far more than a refresh (a new browser context and renderer).
   */
  const views = new Map<string, Promise<Page>>();
  const view = (hash: string) => {
    if (!views.has(hash)) views.set(hash, shared.then(({ url }) => openPage(url, hash)));
    return views.get(hash)!;
  };
  afterAll(async () => { await Promise.all([...views.values()].map(async (page) => (await page).close())); });

  it.each([
    { name: "an alert card's title", hash: '#/', focus: `${card(1)} a.alert-title`, container: '#alerts' },
    { name: "an alert card's Acknowledge", hash: '#/', focus: `${card(3)} button.ack`, container: '#alerts' },
    { name: 'a resolved alert', hash: '#/', focus: '#resolved-alerts li[data-alert-id="2"] a.alert-title', container: '#resolved-alerts' },
    { name: "a disabled endpoint's Re-enable", hash: '#/', focus: '#attention-endpoints li[data-webhook-id="2"] button.reenable', container: '#attention-endpoints' },
    { name: "a dead delivery's Redeliver", hash: '#/', focus: '#attention-deliveries li[data-delivery-id="1"] button.redeliver', container: '#attention-deliveries' },
    { name: "a topic's link", hash: '#/', focus: '#topics li[data-topic-id="1"] a.topic-name', container: '#topics' },
    { name: "a mention's relabel choice", hash: '#/', focus: '#mentions li select.relabel', container: '#mentions' },
    { name: "a source's Disable", hash: '#/', focus: '#sources tr[data-source-id="1"] button.toggle-source', container: '#sources' },
    { name: "a webhook's Edit", hash: '#/', focus: '#webhooks li[data-webhook-id="1"] button.edit-webhook', container: '#webhooks' },
    { name: "the second webhook's Send test", hash: '#/', focus: '#webhooks li[data-webhook-id="2"] button.test-webhook', container: '#webhooks' },
    { name: "the alert page's Acknowledge", hash: '#/alerts/1', focus: '#alert-actions button.ack', container: '#alert-actions' },
    { name: "the alert page's snooze choice", hash: '#/alerts/1', focus: '#snooze-for', container: '#alert-actions' },
    { name: "the alert page's top mention", hash: '#/alerts/1', focus: '#alert-top li a', container: '#alert-top' },
    { name: "the alert page's Redeliver", hash: '#/alerts/1', focus: '#alert-deliveries li[data-delivery-id="1"] button.redeliver', container: '#alert-deliveries' },
    { name: "the alert page's mention relabel choice", hash: '#/alerts/1', focus: '#alert-mentions li select.relabel', container: '#alert-mentions' },
    { name: "the topic page's source Disable", hash: '#/topics/1', focus: '#topic-sources li[data-source-id="1"] button.toggle-source', container: '#topic-sources' },
    { name: "the topic page's listed alert", hash: '#/topics/1', focus: '#topic-alerts li[data-alert-id="1"] a', container: '#topic-alerts' },
    { name: "the topic page's shaded alert on the chart", hash: '#/topics/1', focus: '#topic-chart a.alert-span[data-alert-id="1"]', container: '#topic-chart' },
  ])('stays on $name', async ({ hash, focus, container }) => {
    const page = await view(hash);
    await page.focus(focus);
    expect(await focusIsOn(page, focus)).toBe(true);
    await refresh(page, container);
    expect(await focusIsOn(page, focus)).toBe(true);
  });

  it('goes back to the Delete button from an open "Delete?", which the refresh closes', async () => {
    const { url } = await serveEveryList(harness);
    const page = await openPage(url, '#/');
    await page.focus('#sources tr[data-source-id="1"] button.delete-source');
    await page.keyboard.press('Enter');
    expect(await focusIsOn(page, '#sources .confirm-no')).toBe(true);
    await refresh(page, '#sources');
    expect(await focusIsOn(page, '#sources tr[data-source-id="1"] button.delete-source')).toBe(true);
    await page.close();
  });

  it.each([
    { name: 'an acknowledged card, to its title', hash: '#/', focus: `${card(1)} button.ack`, container: '#alerts', change: 'acknowledge', lands: `${card(1)} a.alert-title` },
    { name: 'a resolved card, to the heading of the list it left', hash: '#/', focus: `${card(1)} button.ack`, container: '#alerts', change: 'resolve', lands: '#alerts-title' },
    { name: 'a deleted webhook, to the heading of its list', hash: '#/', focus: '#webhooks li[data-webhook-id="1"] button.edit-webhook', container: '#webhooks', change: 'delete webhook', lands: '#webhooks-title' },
    { name: "the alert page's Acknowledge of an alert acknowledged elsewhere, to the page's heading", hash: '#/alerts/1', focus: '#alert-actions button.ack', container: '#alert-actions', change: 'acknowledge', lands: '#alert-heading' },
  ] as const)('moves near when what it was on is gone: $name', async ({ hash, focus, container, change, lands }) => {
    const { api, url } = await serveEveryList(harness);
    const page = await openPage(url, hash);
    await page.focus(focus);
    if (change === 'acknowledge') await updateAlert(api.db, 1, { status: 'acknowledged' }, T0);
    if (change === 'resolve') await updateAlert(api.db, 1, { status: 'resolved', resolvedAt: T0 }, T0);
    if (change === 'delete webhook') expect((await api.call('DELETE', '/api/webhooks/1')).status).toBeLessThan(300);
    await refresh(page, container);
    expect(await focusIsOn(page, lands)).toBe(true);
    await page.close();
  });
});

describe("the alert page's action buttons, pressed from the keyboard", () => {
  const refusal = (route: import('playwright-core').Route) => route.request().method() === 'GET' ? route.continue()
    : route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"database is locked"}}' });

  it.each([
    { name: 'Acknowledge', button: '#alert-actions button.ack', path: '**/api/alerts/1/ack', said: 'Could not acknowledge: database is locked' },
    { name: 'Snooze', button: '#alert-actions button.snooze', path: '**/api/topics/1/mute', said: 'Could not snooze: database is locked' },
  ])('keep the focus on $name when it fails, enabled for a second try', async ({ button, path, said }) => {
    const { url } = await shared;
    const page = await openPage(url, '#/alerts/1');
    await page.route(path, refusal);
    await page.focus(button);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#alert-feedback[data-kind="error"]:not([hidden])');
    expect(await page.locator('#alert-feedback').textContent()).toBe(said);
    expect(await page.locator(button).isEnabled()).toBe(true);
    expect(await focusIsOn(page, button)).toBe(true);
    await page.close();
  });

  it.each([
    { name: 'Acknowledge', button: '#alert-actions button.ack', said: /^Alert #1 acknowledged/ },
    { name: 'Snooze', button: '#alert-actions button.snooze', said: /^Notifications for FundSpark are snoozed for 1 hour/ },
  ])('move the focus to the line that says so when $name is done and gone', async ({ button, said }) => {
    const { url } = await serveEveryList(harness);
    const page = await openPage(url, '#/alerts/1');
    await page.focus(button);
    await page.keyboard.press('Enter');
    // The page is loaded again without the button.
    await page.waitForFunction((button) => document.querySelector(button) === null, button);
    expect(await page.locator('#alert-feedback').textContent()).toMatch(said);
    expect(await page.locator('#alert-feedback').getAttribute('role')).toBe('status');
    expect(await focusIsOn(page, '#alert-feedback')).toBe(true);
    await page.close();
  });

  it('keep the focus on Unmute when it fails', async () => {
    const { api, url } = await serveEveryList(harness);
    expect((await api.call('PUT', '/api/topics/1/mute', { reason: 'night', until: T0 + HOUR })).status).toBe(200);
    const page = await openPage(url, '#/alerts/1');
    await page.route('**/api/topics/1/mute', refusal);
    await page.focus('#alert-actions button.unmute');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#alert-feedback[data-kind="error"]:not([hidden])');
    expect(await focusIsOn(page, '#alert-actions button.unmute')).toBe(true);
    await page.close();
  });
});
