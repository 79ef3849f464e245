import type { Browser } from 'playwright-core';
import { gcaTimeline, participant, runTimeline } from '../../libs/demo/src';
import { LABELS } from '../../libs/web/src/pages/labels';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { WatchedPage, describeViolations, launchBrowser, openPage, saveScreenshot, seriousAxeViolations } from '../support/browser';

// The functions handed to the page run in Chromium, where these exist; the project's types are Node's.
declare const window: any, document: any, getComputedStyle: any, innerHeight: number;

jest.setTimeout(180_000);

const GCA_ARABIC_TITLE = 'مبادئ توجيهية بشأن استعمال البرنامج العالمي للأمن السيبراني';
const HOSTILE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const KENYA = participant('member-state', 'KEN', 'Kenya');

describe('the dashboard pages in Chromium: Arabic, escaping, accessibility (the GCA story played)', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let browser: Browser;
  let gcaId: string;
  let hostile: { id: string; contributionId: string };
  const opened: WatchedPage[] = [];

  const open = async (path: string) => {
    const watched = await openPage(browser, api.baseUrl + path);
    opened.push(watched);
    return watched;
  };

  /** A consultation (after the GCA story, on the manual clock) whose one contribution, not yet published, holds markup. */
  const launchWithHostileContribution = async () => {
    const launched = await call('POST', '/api/consultations', 'secretariat', {
      workflow: 'council-approval', reference: 'XSS-1', timezone: 'Europe/Zurich', title: { en: 'Escaping check' }, eligibleGroups: ['member-state'],
    });
    const id = launched.body.id as string;
    const command = (type: string, payload: object) => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type, payload });
    expect((await command('publishDraft', { documentRef: 'XSS/1', version: '1', sections: [{ number: '1', title: 'Scope' }] })).status).toBe(200);
    expect((await command('openConsultation', { closesAt: '2022-09-30T23:59:00+02:00' })).status).toBe(200);
    const contributed = await call('POST', `/api/consultations/${id}/contributions`, KENYA, { kind: 'comment', section: '1', text: HOSTILE, language: 'en' });
    expect(contributed.status).toBe(201);
    return { id, contributionId: contributed.body.id as string };
  };

  /** What the markup would have done had it run, and whether it became elements. */
  const effects = (watched: WatchedPage) =>
    watched.page.evaluate(() => ({ xss: typeof window.__xss, images: document.querySelectorAll('img[src="x"]').length }));

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    ({ id: gcaId } = await runTimeline(gcaTimeline, { baseUrl: api.baseUrl, token: (claims) => tokens.sign(claims as never) }));
    hostile = await launchWithHostileContribution();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const watched of opened) await watched.close().catch(() => undefined);
    await browser?.close();
    await stopAll();
    data.remove();
  });

  it('?lang=ar gives lang="ar", dir="rtl" and the Arabic labels on both pages', async () => {
    for (const [path, label] of [['/?lang=ar', LABELS.ar.listTitle], [`/consultations/${gcaId}?lang=ar`, LABELS.ar.timeline]] as const) {
      const watched = await open(path);
      const html = await watched.page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
      expect({ path, ...html }).toEqual({ path, lang: 'ar', dir: 'rtl' });
      expect(label).toMatch(/[\u0600-\u06FF]/);
      await watched.page.getByRole('heading', { name: label }).first().waitFor({ timeout: 5000 });
      expect(await watched.page.locator('body').innerText()).toContain(GCA_ARABIC_TITLE);
      expect(await watched.page.locator('a[hreflang="en"]').count()).toBeGreaterThan(0);
      // Mirrored: the heading's text (narrower than its box) hugs the box's right edge, not its left.
      const edges = await watched.page.evaluate(() => {
        const h1 = document.querySelector('main h1');
        const range = document.createRange();
        range.selectNodeContents(h1);
        const [box, text] = [h1.getBoundingClientRect(), range.getBoundingClientRect()];
        return { fromRight: Math.round(box.right - text.right), fromLeft: Math.round(text.left - box.left) };
      });
      expect(edges.fromRight).toBeLessThanOrEqual(1);
      expect(edges.fromLeft).toBeGreaterThan(100);
      watched.expectNoProblems();
    }
  });

  it('shows a contribution holding <script> and onerror markup as text once published, live and on load, and runs none of it', async () => {
    const watched = await open(`/consultations/${hostile.id}`);
    expect(await watched.page.locator('body').innerText()).not.toContain('window.__xss');
    await watched.page.evaluate(() => (window.__notReloaded = true));
    const published = await call('POST', `/api/consultations/${hostile.id}/commands`, 'secretariat', { type: 'publishContributions', payload: { contributionIds: [hostile.contributionId] } });
    expect(published.status).toBe(200);
    await watched.page.locator('#contributions').getByText(HOSTILE).waitFor({ timeout: 15_000 });
    expect(await watched.page.evaluate(() => window.__notReloaded)).toBe(true);
    await watched.page.waitForTimeout(500);
    expect(await effects(watched)).toEqual({ xss: 'undefined', images: 0 });
    await watched.page.reload({ waitUntil: 'load' });
    await expect(watched.page.locator('#contributions').getByText(HOSTILE).isVisible()).resolves.toBe(true);
    await watched.page.waitForTimeout(500);
    expect(await effects(watched)).toEqual({ xss: 'undefined', images: 0 });
    watched.expectNoProblems();
  });

  it.each([
    ['dashboard-en', '/'],
    ['dashboard-ar', '/?lang=ar'],
    ['consultation-en', 'gca'],
    ['consultation-ar', 'gca?lang=ar'],
  ])('axe-core finds no serious or critical violation on %s', async (name, where) => {
    const path = where.startsWith('gca') ? `/consultations/${gcaId}${where.slice(3)}` : where;
    const watched = await open(path);
    await saveScreenshot(watched.page, name);
    const violations = await seriousAxeViolations(watched.page);
    // The failure shows each rule with the elements that break it.
    expect(describeViolations(violations)).toBe('');
    watched.expectNoProblems();
  });

  it('can be used from the keyboard: the first Tab shows the skip link, Enter moves focus to the content', async () => {
    for (const path of ['/', `/consultations/${gcaId}?lang=ar`]) {
      const watched = await open(path);
      await watched.page.keyboard.press('Tab');
      const link = await watched.page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return { href: el.getAttribute('href'), onScreen: box.bottom > 0 && box.top < innerHeight, outlined: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
      });
      expect({ path, ...link }).toEqual({ path, href: '#main', onScreen: true, outlined: true });
      await watched.page.keyboard.press('Enter');
      expect(await watched.page.evaluate(() => document.activeElement.id)).toBe('main');
      watched.expectNoProblems();
    }
  });

  it('reports what the CSP refuses (the harness would see a page break it): an inline script is blocked and named', async () => {
    const watched = await open('/');
    await watched.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    });
    await watched.page.waitForTimeout(300);
    expect(await watched.page.evaluate(() => window.__inline)).toBeUndefined();
    expect(watched.problems.join('\n')).toMatch(/CSP violation: script-src/);
    watched.problems.length = 0;
  });
});
