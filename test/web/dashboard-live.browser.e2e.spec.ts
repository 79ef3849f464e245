import type { Browser, Page } from 'playwright-core';
import { clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { WatchedPage, launchBrowser, openPage, saveScreenshot } from '../support/browser';

// The functions handed to the page run in Chromium, where these exist; the project's types are Node's.
declare const window: any, document: any;

jest.setTimeout(90_000);

/** How long a live update may take to show: the stream, then the page's swap. */
const LIVE_MS = 15_000;

const inDays = (days: number, hour = 14) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};

/** Marks the window: a reload (or a navigation) would lose the mark. */
const mark = (page: Page) => page.evaluate(() => ((window as any).__notReloaded = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as any).__notReloaded === true);

/** Every instant the `<time datetime>` elements of one timeline item show, as epoch milliseconds. */
const itemTimes = (page: Page, key: string) =>
  page.$$eval(`#timeline [data-key="${key}"] time[datetime]`, (times) => times.map((t: any) => Date.parse(t.getAttribute('datetime')!)));

describe('the dashboard updates live from the event stream (Chromium)', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let browser: Browser;
  const opened: WatchedPage[] = [];

  const open = async (path: string) => {
    const watched = await openPage(browser, api.baseUrl + path);
    opened.push(watched);
    return watched;
  };

  const launch = async (title: string) => {
    const answer = await call('POST', '/api/consultations', 'secretariat', {
      workflow: 'council-approval', reference: `LIVE-${Date.now()}`, timezone: 'Europe/Zurich', title: { en: title }, eligibleGroups: ['member-state'],
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db` });
    call = clientFor(api.baseUrl);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const watched of opened) await watched.close().catch(() => undefined);
    await browser?.close();
    await stopAll();
    data.remove();
  });

  it('shows a consultation launched through the API in the list without a reload', async () => {
    const watched = await open('/');
    await mark(watched.page);
    const title = `Live launch ${Date.now()}`;
    await launch(title);
    await watched.page.locator('#consultations').getByText(title).waitFor({ timeout: LIVE_MS });
    expect(await stillMarked(watched.page)).toBe(true);
    await saveScreenshot(watched.page, 'live-list-after-launch');
    watched.expectNoProblems();
  });

  it('moves a meeting on the timeline when it is rescheduled, without a reload', async () => {
    const id = await launch(`Live reschedule ${Date.now()}`);
    const [startsAt, endsAt] = [inDays(20), inDays(20, 16)];
    const scheduled = await call('POST', `/api/consultations/${id}/commands`, 'secretariat', {
      type: 'scheduleMeeting', payload: { meetingId: 'm1', startsAt, endsAt, format: 'physical', location: 'Geneva' },
    });
    expect(scheduled.status).toBe(200);
    const watched = await open(`/consultations/${id}`);
    expect(await itemTimes(watched.page, 'meeting:m1')).toContain(Date.parse(startsAt));
    await mark(watched.page);
    const [movedStart, movedEnd] = [inDays(34), inDays(34, 16)];
    const moved = await call('POST', `/api/consultations/${id}/commands`, 'secretariat', {
      type: 'rescheduleMeeting', payload: { meetingId: 'm1', startsAt: movedStart, endsAt: movedEnd, reason: 'CL-99/1: room unavailable' },
    });
    expect(moved.status).toBe(200);
    await watched.page.waitForFunction(
      ({ key, at }) => [...document.querySelectorAll(`#timeline [data-key="${key}"] time[datetime]`)].some((t: any) => Date.parse(t.getAttribute('datetime')!) === at),
      { key: 'meeting:m1', at: Date.parse(movedStart) },
      { timeout: LIVE_MS },
    );
    expect(await stillMarked(watched.page)).toBe(true);
    expect(await watched.page.locator('#timeline [data-key="meeting:m1"]').innerText()).toContain('CL-99/1: room unavailable');
    await saveScreenshot(watched.page, 'live-timeline-after-reschedule');
    watched.expectNoProblems();
  });
});
