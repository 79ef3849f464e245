import { gcaTimeline, runTimeline } from '../../libs/demo/src';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(120_000);

/** DOMAIN.md case 1 as an auditor reads it: the GCA timeline run over HTTP on a manual clock. */
describe('GCA guidelines 2019-2022: what an auditor sees', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let id: string;
  const stateAt = async (iso: string) => (await call('GET', `/api/consultations/${id}/state?at=${encodeURIComponent(iso)}`, 'auditor')).body;
  const report = async (lang: string) => {
    const answer = await fetch(`${api.baseUrl}/api/consultations/${id}/audit-report?lang=${lang}`, {
      headers: { authorization: `Bearer ${tokens.sign({ sub: 'auditor:ms', role: 'auditor', name: 'Member State auditor' })}` },
    });
    expect(answer.status).toBe(200);
    return answer.text();
  };

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    ({ id } = await runTimeline(gcaTimeline, { baseUrl: api.baseUrl, token: (claims) => tokens.sign(claims as never) }));
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('on 15 June 2020 shows the submission to Council 2020 postponed to VCC-2021', async () => {
    const { state, view } = await stateAt('2020-06-15T12:00:00+02:00');
    expect(state).toBe('submittedToCouncil');
    expect(view.council).toMatchObject({ session: 'VCC-2021', decided: false });
    expect(view.council.postponements).toEqual([
      expect.objectContaining({ fromSession: 'C20', session: 'VCC-2021', reason: 'Council 2020 postponed (COVID-19)' }),
    ]);
  });

  it('on 1 July 2021 shows further consultation, and on 31 December 2022 approval', async () => {
    expect((await stateAt('2021-07-01T00:00:00+02:00')).state).toBe('furtherConsultation');
    expect((await stateAt('2022-12-31T23:59:00+01:00')).state).toBe('approved');
  });

  it('records what the postponement changed: the session and both consideration dates', async () => {
    const { body } = await call('GET', `/api/consultations/${id}/history`, 'auditor');
    const postponed = body.events.find((e: { type: string }) => e.type === 'CouncilConsiderationPostponed');
    expect(postponed.changes).toEqual([
      { field: 'council.session', from: 'C20', to: 'VCC-2021' },
      { field: 'council.considerationStartsAt', from: '2020-06-09T09:00:00+02:00', to: '2021-06-08T09:00:00+02:00' },
      { field: 'council.considerationEndsAt', from: '2020-06-19T18:00:00+02:00', to: '2021-06-18T18:00:00+02:00' },
    ]);
    expect(postponed.documents).toEqual(['C21/36', 'C21/71']);
  });

  it('reports the moved meeting with its old and new dates, and why: CL-20/18', async () => {
    const page = await report('en');
    const moved = page.slice(page.indexOf('Meeting rescheduled'), page.indexOf('</tr>', page.indexOf('Meeting rescheduled')));
    expect(moved).toContain('CL-20/18: the forum is postponed because of COVID-19');
    expect(moved).toContain('<del><time datetime="2020-04-06T14:00:00+02:00">6 Apr 2020, 14:00</time></del> → <ins><time datetime="2020-04-23T13:00:00+02:00">23 Apr 2020, 13:00</time></ins>');
    expect(moved).toContain('<del><time datetime="2020-04-06T17:00:00+02:00">6 Apr 2020, 17:00</time></del> → <ins><time datetime="2020-04-23T14:30:00+02:00">23 Apr 2020, 14:30</time></ins>');
    const format = page.slice(page.indexOf('Meeting format changed'), page.indexOf('</tr>', page.indexOf('Meeting format changed')));
    expect(format).toContain('<del>physical</del> → <ins>virtual</ins>');
  });

  it('reports both Council decisions with their references, and a verified history under a signed checkpoint', async () => {
    const page = await report('en');
    const decisions = page.slice(page.indexOf('<section id="decisions">'), page.indexOf('<section id="timeline">'));
    expect(decisions).toMatch(/VCC-2021<\/bdi><\/td><td>further consultation<\/td>\s*<td>by correspondence<\/td><td><bdi class="doc">C21\/36<\/bdi>/);
    expect(decisions).toMatch(/C22<\/bdi><\/td><td>approved<\/td>\s*<td>in session<\/td><td><bdi class="doc">C22\/INF\/8<\/bdi>/);
    expect(page).toContain('<section id="verification" class="verified">');
    expect(page).toMatch(/<dt>Reference<\/dt><dd><bdi>CL-19\/47<\/bdi><\/dd>/);
    expect(page).not.toContain('No signed checkpoint is available');
  });

  it('is written in Arabic, right to left, with the Arabic title and the same references', async () => {
    const page = await report('ar');
    expect(page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page).toContain('<h1>مبادئ توجيهية بشأن استعمال البرنامج العالمي للأمن السيبراني</h1>');
    expect(page).toContain('قرارات المجلس');
    expect(page).toContain('CL-20/18');
    expect(page).toContain('C22/INF/8');
  });
});
