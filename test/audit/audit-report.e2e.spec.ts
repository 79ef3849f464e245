import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(90_000);

const TITLE = 'Guidelines <script>alert("x")</script> & more';

describe('GET /api/consultations/:id/audit-report over HTTP', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let id: string;
  const report = (query = '', who: string | undefined = tokens.sign({ sub: 'a', role: 'auditor', name: 'Auditor' })) =>
    fetch(`${api.baseUrl}/api/consultations/${id}/audit-report${query}`, { headers: who ? { authorization: `Bearer ${who}` } : {} });

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    await call('PUT', '/api/clock', 'secretariat', { now: '2019-10-15T07:00:00Z' });
    const launched = await call('POST', '/api/consultations', 'secretariat', {
      workflow: 'council-approval', title: { en: TITLE, ar: 'مبادئ توجيهية' }, reference: 'CL-19/47', eligibleGroups: ['member-state'], timezone: 'Europe/Zurich',
    });
    expect(launched.status).toBe(201);
    id = launched.body.id;
    const command = async (type: string, payload: object) => expect((await call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type, payload })).status).toBe(200);
    await command('scheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical' });
    await command('rescheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'CL-20/18: <b>moved</b>' });
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('answers the auditor and the secretariat a printable HTML page under the strict policy', async () => {
    const answer = await report();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(answer.headers.get('content-security-policy')).toMatch(/style-src 'self'/);
    const page = await answer.text();
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en" dir="ltr">/);
    expect(page).toMatch(/<dt>Workflow<\/dt><dd><bdi>council-approval@\d+<\/bdi><\/dd>/);
    expect(page).toMatch(/<section id="checkpoint">[\s\S]*<pre class="note" dir="ltr">[^<]+\/consult\n\d+\n/);
    expect(page).toContain('<link rel="stylesheet" href="/assets/audit-report.css">');
    expect(page).not.toMatch(/<style|<script|<[^>]*\s(style|on\w+)=/i);
    expect((await report('', tokens.sign({ sub: 's', role: 'secretariat' }))).status).toBe(200);
  });

  it('shows a title holding <script> as text', async () => {
    const page = await (await report()).text();
    expect(page).toContain('Guidelines &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(page).toContain('CL-20/18: &lt;b&gt;moved&lt;/b&gt;');
  });

  it('shows the reschedule with the old and the new dates, in Geneva time', async () => {
    const page = await (await report()).text();
    expect(page).toContain('<del><time datetime="2020-04-06T14:00:00+02:00">6 Apr 2020, 14:00</time></del> → <ins><time datetime="2020-04-23T13:00:00+02:00">23 Apr 2020, 13:00</time></ins>');
  });

  it('is written right to left in Arabic, and refuses a language it does not have', async () => {
    const page = await (await report('?lang=ar')).text();
    expect(page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page).toContain('<h1>مبادئ توجيهية</h1>');
    expect(page).toContain('تغيير موعد الاجتماع');
    const refused = await report('?lang=fr');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('lang');
  });

  it('is 403 for a participant, 401 without a token or with a bad one, 404 for an unknown consultation', async () => {
    expect((await report('', tokens.sign({ sub: 'p', role: 'participant', group: 'member-state', org: 'BRA' }))).status).toBe(403);
    expect((await report('', '')).status).toBe(401);
    const bad = await report('', 'not-a-token');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ statusCode: 401 });
    const unknown = await fetch(`${api.baseUrl}/api/consultations/nope/audit-report`, { headers: { authorization: `Bearer ${tokens.sign({ sub: 'a', role: 'auditor' })}` } });
    expect(unknown.status).toBe(404);
  });

  it('serves its stylesheet as a file, with print rules', async () => {
    const css = await fetch(`${api.baseUrl}/assets/audit-report.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toMatch(/@media print/);
  });

  it('gives the history its changes over the API', async () => {
    const { body } = await call('GET', `/api/consultations/${id}/history`, 'auditor');
    expect(body.events[2].changes).toEqual([
      { field: 'meetings[ocm-1].startsAt', from: '2020-04-06T14:00:00+02:00', to: '2020-04-23T13:00:00+02:00' },
      { field: 'meetings[ocm-1].endsAt', from: '2020-04-06T17:00:00+02:00', to: '2020-04-23T14:30:00+02:00' },
    ]);
  });
});
