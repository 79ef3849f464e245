import { request } from 'node:http';
import { gcaTimeline, runTimeline } from '@consult/demo';
import { LABELS, PUBLIC_EVENT_TYPES } from '@consult/web';
import { clientFor, tokens } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { Call, EGYPT, command, expectStatus, setClock } from '../reminders/reminders.fixture';

jest.setTimeout(120_000);

const HOSTILE = '<script>window.hacked=1</script><img src=x onerror="window.hacked=2">';

interface Fetched {
  status: number;
  headers: Headers;
  html: string;
}

describe('the dashboard pages over HTTP (SQLite, manual clock, the GCA story played through the api)', () => {
  const data = tempDir();
  let baseUrl: string;
  let call: Call;
  let gca: string;
  let hostile: string;
  let french: string;

  /** Over node:http, which sends the Host header it is given (fetch sends its own). */
  const getWithHost = (path: string, host: string) => new Promise<string>((resolve, reject) => {
    request(baseUrl + path, { headers: { host } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    }).on('error', reject).end();
  });

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Fetched> => {
    const response = await fetch(baseUrl + path, { headers: { accept: 'text/html', ...headers } });
    return { status: response.status, headers: response.headers, html: await response.text() };
  };

  beforeAll(async () => {
    // A loaded machine (CI, other suites) can take longer than the default to start the api.
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' }, 90_000);
    baseUrl = api.baseUrl;
    call = clientFor(baseUrl);
    gca = (await runTimeline(gcaTimeline, { baseUrl, token: (claims) => tokens.sign(claims as never) })).id;
    await setClock(call, '2023-01-10T09:00:00Z');
    const launch = (title: Record<string, string>, reference: string) => call('POST', '/api/consultations', 'secretariat', {
      workflow: 'council-approval', title, reference, eligibleGroups: ['member-state'], timezone: 'Asia/Tokyo',
    });
    french = expectStatus(await launch({ fr: 'Plan de numérotation' }, 'CL-23/2'), 201, 'launch fr').body.id;
    await setClock(call, '2023-01-10T09:01:00Z');
    hostile = expectStatus(await launch({ en: `Hostile ${HOSTILE}` }, 'CL-23/1'), 201, 'launch hostile').body.id;
    await command(call, hostile, 'publishDraft', { documentRef: 'H-1', version: '1', sections: [{ number: '1', title: 'Scope' }] });
    await command(call, hostile, 'openConsultation', { closesAt: '2023-02-01T23:59:00+09:00' });
    const body = { kind: 'comment', section: '1', language: 'en', text: HOSTILE };
    const submitted = expectStatus(await call('POST', `/api/consultations/${hostile}/contributions`, EGYPT, body), 201, 'contribute');
    await setClock(call, '2023-02-02T09:00:00Z');
    await command(call, hostile, 'publishContributions', { contributionIds: [submitted.body.id] });
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('answers / as UTF-8 HTML, not cached without revalidation, under the strict CSP', async () => {
    const page = await get('/?lang=en');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.html).toMatch(/^<!DOCTYPE html>\s*<html lang="en" dir="ltr"/);
  });

  it('carries no inline script, no style attribute or block and no event-handler attribute', async () => {
    for (const path of ['/?lang=en', `/consultations/${gca}?lang=ar`, `/consultations/${hostile}?lang=en`, '/?lang=fr&offset=-1']) {
      const { html } = await get(path);
      expect(html.match(/<script\b[^>]*>[^<]+<\/script>/g) ?? []).toEqual([]);
      expect(html.match(/<script\b(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
      expect(html.match(/\sstyle\s*=|<style\b/gi) ?? []).toEqual([]);
      expect(html.match(/<[^>]+\son[a-z]+\s*=/gi) ?? []).toEqual([]);
    }
  });

  it('lists the consultations with title, reference, workflow, state and contribution counts', async () => {
    const { html } = await get('/?lang=en');
    const gcaRow = html.match(new RegExp(`<tr data-id="${gca}">.*?</tr>`))?.[0] ?? '';
    expect(gcaRow).toContain('Guidelines for the utilization of the Global Cybersecurity Agenda (GCA)');
    expect(gcaRow).toContain('CL-19/47');
    expect(gcaRow).toContain(LABELS.en.workflows['council-approval']);
    expect(gcaRow).toContain(LABELS.en.states.approved);
    expect(gcaRow).toContain('4 <span class="muted">(4 published)</span>');
    expect(html).toContain('id="consultations"');
  });

  it('falls back to the English title, then to any title, marked with its language', async () => {
    const { html } = await get('/?lang=ar');
    expect(html).toContain('مبادئ توجيهية بشأن استعمال البرنامج العالمي للأمن السيبراني');
    expect(html).toContain(`>Hostile &lt;script&gt;`);
    expect(html).toContain(`<a href="/consultations/${french}?lang=ar" lang="fr">Plan de numérotation</a>`);
  });

  it('shows the next deadline with a countdown in the consultation\'s zone', async () => {
    await setClock(call, '2023-02-02T10:00:00Z');
    await command(call, french, 'publishDraft', { documentRef: 'N-1', version: '1' });
    await command(call, french, 'openConsultation', { closesAt: '2023-03-01T23:59:00+09:00' });
    const { html } = await get('/?lang=en');
    const row = html.match(new RegExp(`<tr data-id="${french}">.*?</tr>`))?.[0] ?? '';
    expect(row).toContain(`${LABELS.en.deadlineKinds['consultation-closes']}: <time datetime="2023-03-01T14:59:00.000Z">March 1, 2023 at 11:59 PM</time>`);
    expect(row).toContain('<span class="countdown" data-due="2023-03-01T14:59:00.000Z">in 27 days</span>');
    const upcoming = (await get(`/consultations/${french}?lang=fr`)).html.match(/<ul class="upcoming">[\s\S]*?<\/ul>/)?.[0] ?? '';
    expect(upcoming).toContain(`${LABELS.fr.deadlineKinds['consultation-closes']}${LABELS.fr.colon}<time datetime="2023-03-01T14:59:00.000Z">1 mars 2023 à 23:59</time>`);
    expect(upcoming).toContain('dans 27 jours');
  });

  it('speaks Arabic right-to-left with Arabic-Indic digits, and remembers the choice in a cookie', async () => {
    const page = await get('/?lang=ar');
    expect(page.html).toContain('<html lang="ar" dir="rtl"');
    expect(page.html).toContain(`<h1>${LABELS.ar.listTitle}</h1>`);
    expect(page.html).toMatch(/[٠-٩]/);
    expect(page.headers.get('set-cookie')).toMatch(/^consult_lang=ar; Path=\/;.*SameSite=Lax/);
    const remembered = await get('/', { cookie: 'consult_lang=ar' });
    expect(remembered.html).toContain('<html lang="ar" dir="rtl"');
  });

  it('falls back to Accept-Language, then English', async () => {
    expect((await get('/', { 'accept-language': 'de-CH, fr;q=0.8, en;q=0.5' })).html).toContain('<html lang="fr" dir="ltr"');
    expect((await get('/', { 'accept-language': 'de' })).html).toContain('<html lang="en" dir="ltr"');
  });

  it('links every language with hreflang, keeping the filters', async () => {
    const { html } = await get('/?lang=en&state=approved');
    for (const lang of ['ar', 'en', 'es', 'fr', 'ru', 'zh']) {
      expect(html).toContain(`<a href="/?state=approved&amp;lang=${lang}" hreflang="${lang}" lang="${lang}"`);
    }
  });

  it('filters by state and workflow, searches titles and references', async () => {
    const ids = async (query: string) => [...(await get(`/?lang=en&${query}`)).html.matchAll(/<tr data-id="([^"]+)">/g)].map((m) => m[1]);
    expect(await ids('state=approved')).toEqual([gca]);
    expect(await ids('state=consultationClosed')).toEqual([hostile]);
    expect(await ids('workflow=phased-forum')).toEqual([]);
    expect(await ids('q=cybersecurity')).toEqual([gca]);
    expect(await ids('q=CL-23%2F2')).toEqual([french]);
  });

  it('pages with limit and offset links', async () => {
    const first = await get('/?lang=en&limit=2');
    expect([...first.html.matchAll(/<tr data-id="([^"]+)">/g)].map((m) => m[1])).toEqual([hostile, french]);
    expect(first.html).toContain('<a rel="next" href="/?limit=2&amp;lang=en&amp;offset=2">');
    const second = await get('/?lang=en&limit=2&offset=2');
    expect([...second.html.matchAll(/<tr data-id="([^"]+)">/g)].map((m) => m[1])).toEqual([gca]);
    expect(second.html).toContain('<a rel="prev" href="/?limit=2&amp;lang=en">');
    expect(second.html).not.toContain('rel="next"');
  });

  it.each([
    ['/?lang=xx', 'lang'], ['/?offset=-1', 'offset'], ['/?offset=1e3', 'offset'], ['/?limit=0', 'limit'], ['/?limit=101', 'limit'],
    ['/?state=bogus', 'state'], ['/?state=approved&state=withdrawn', 'state'], ['/?workflow=nope', 'workflow'],
    ['/fragments/consultations?limit=x', 'limit'], ['/consultations/ANY?offset=abc', 'offset'], ['/consultations/ANY?lang=de', 'lang'],
  ])('answers %s with a 400 page naming %s', async (path, field) => {
    const page = await get(path.replace('ANY', gca));
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html).toContain(`“${field}”`);
  });

  it('gives the reason of a 400 page in the reader\'s language, with its digits', async () => {
    const arabic = await get('/?limit=0&lang=ar');
    expect(arabic.status).toBe(400);
    expect(arabic.html).toContain('<html lang="ar" dir="rtl"');
    expect(arabic.html).toContain('قيمة «limit» غير صالحة: عدد صحيح من ١ إلى ١٠٠');
    expect((await get('/?offset=x&lang=ru')).html).toContain('целое число от 0 до 1000000000');
  });

  it.each([
    ['/?q=a%00b&lang=fr', 'q', 'un texte sans caractère de contrôle U+0000'], ['/consultations/ANY?lang=es&offset=%00', 'offset', 'sin el carácter de control U+0000'],
  ])('answers %s, which the edge refuses before the page, with a 400 page naming %s', async (path, field, reason) => {
    const page = await get(path.replace('ANY', gca));
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html).toMatch(new RegExp(`«\\s?${field}\\s?»`));
    expect(page.html).toContain(reason);
  });

  it('answers a browser on a path that is no page with a 404 page, but /api and other clients with JSON', async () => {
    const page = await get('/no-such-page?lang=fr');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.html).toContain(`<h1>${LABELS.fr.notFoundTitle}</h1>`);
    expect(page.html).toContain(LABELS.fr.noSuchPage);
    // An error page does not follow the live stream, so its footer does not say it updates itself.
    expect(page.html).toContain(LABELS.fr.footer);
    expect(page.html).not.toContain(LABELS.fr.footerLive.trim());
    expect((await get('/?lang=fr')).html).toContain(LABELS.fr.footerLive.trim());
    const api = await get('/api/no-such-thing');
    expect([api.status, api.headers.get('content-type'), JSON.parse(api.html).statusCode]).toEqual([404, 'application/json; charset=utf-8', 404]);
    for (const accept of ['application/json', '*/*']) {
      const json = await get('/no-such-page', { accept });
      expect([json.status, json.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);
    }
    expect((await get('/api/consultations?limit=x')).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers an unknown consultation or region with a 404 page in the reader\'s language', async () => {
    const unknown = await get('/consultations/no-such-consultation?lang=es');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain(`<h1>${LABELS.es.notFoundTitle}</h1>`);
    expect((await get(`/consultations/${gca}/regions/secrets`)).status).toBe(404);
  });

  it('tells the GCA story: Council 2020 postponed to VCC-2021, decided by correspondence, approved at C22', async () => {
    const { html } = await get(`/consultations/${gca}?lang=en`);
    const item = (key: string) => html.match(new RegExp(`<li class="timeline-item[^"]*" data-key="${key}">[\\s\\S]*?</li>\\n</ol>|<li class="timeline-item[^"]*" data-key="${key}">[\\s\\S]*?\\n</li>`))?.[0] ?? '';
    const council = item('council:1');
    expect(council).toContain('Council consideration: VCC-2021');
    expect(council).toContain('<s><time datetime="2020-06-09T07:00:00.000Z">June 9, 2020 at 9:00 AM</time>');
    expect(council).toContain('<bdi class="before">C20 ·');
    expect(council).toContain('Reason: <bdi>Council 2020 postponed (COVID-19)</bdi>');
    const meeting = item('meeting:ocm-1');
    expect(meeting).toContain('<bdi class="before">in person</bdi>');
    expect(meeting).toContain('<bdi class="after">virtual</bdi>');
    expect(meeting).toContain('Circular letter: <cite><bdi>CL-20/18</bdi></cite>');
    expect(item('decision:1')).toContain('Council decision (VCC-2021, by correspondence): further consultation');
    expect(item('decision:2')).toContain('Council decision (C22, in session): approved');
    expect(html).toContain('id="timeline"');
  });

  it('shows drafts with numbered sections, counts as chart and table, and the calendar and audit links', async () => {
    const page = { html: await getWithHost(`/consultations/${gca}?lang=en`, 'dash.example.org:8443') };
    expect(page.html).toContain('<span class="number">7</span> <bdi>Cross-cutting guidelines</bdi>');
    expect(page.html).toMatch(/<svg [^>]*role="img" aria-labelledby="by-group-title"[^>]*><title id="by-group-title">/);
    expect(page.html).toContain('<tr><th scope="row">Member States</th><td>3</td><td>3</td></tr>');
    expect(page.html).toContain(`href="/api/consultations/${gca}/calendar.ics"`);
    expect(page.html).toContain(`href="webcal://dash.example.org:8443/api/consultations/${gca}/calendar.ics"`);
    expect(page.html).toContain(`href="/api/consultations/${gca}/audit-report"`);
  });

  it('shows a published contribution\'s markup as text, never as markup', async () => {
    const { html } = await get(`/consultations/${hostile}?lang=en`);
    expect(html).toContain('&lt;script&gt;window.hacked=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.hacked=2&quot;&gt;');
    expect(html).not.toContain('<script>window.hacked');
    expect(html).not.toMatch(/<img\b/);
  });

  it('serves each live region alone, refreshed on the stream\'s public event types', async () => {
    const list = await get('/fragments/consultations?lang=en');
    expect(list.html).toMatch(/^<section id="consultations"/);
    const timeline = await get(`/consultations/${gca}/regions/timeline?lang=en`);
    expect(timeline.html).toMatch(/^<section id="timeline"/);
    const triggers = [...(await get(`/consultations/${gca}`)).html.matchAll(/hx-trigger="([^"]+)"/g)].flatMap((m) => m[1].split(', '));
    expect(triggers.length).toBeGreaterThan(0);
    expect(triggers.filter((t) => !PUBLIC_EVENT_TYPES.includes(t.replace(/^sse:/, '')))).toEqual([]);
  });

  it('serves htmx, its SSE extension and the stylesheet from this server', async () => {
    for (const [path, type] of [['/assets/vendor/htmx.min.js', 'text/javascript'], ['/assets/vendor/sse.js', 'text/javascript'], ['/assets/dashboard.css', 'text/css']]) {
      const response = await fetch(baseUrl + path);
      expect([path, response.status, response.headers.get('content-type')?.split(';')[0]]).toEqual([path, 200, type]);
    }
    expect((await fetch(`${baseUrl}/assets/secret.txt`)).status).toBe(404);
  });

  it('sends each page compressed under 100 KB', async () => {
    const compressed = (path: string) => new Promise<{ encoding?: string; bytes: number }>((resolve, reject) => {
      request(baseUrl + path, { headers: { 'accept-encoding': 'br, gzip' } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve({ encoding: response.headers['content-encoding'], bytes }));
      }).on('error', reject).end();
    });
    for (const path of ['/?lang=en', `/consultations/${gca}?lang=ar`]) {
      const page = await compressed(path);
      expect(page.encoding).toBe('br');
      expect(page.bytes).toBeLessThan(100 * 1024);
    }
  });
});
