import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

/** Issue 13: a subscription type lets auditors receive each new signed checkpoint (an extension: `types`). */
jest.setTimeout(120_000);

const AUDITOR = tokens.sign({ sub: 'auditor:checkpoints', role: 'auditor', name: 'Auditor' });
const PARTICIPANT = tokens.sign({ sub: 'participant:checkpoints', role: 'participant', group: 'member-state', org: 'BRA' });
const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };

describe('auditors subscribed to audit.checkpoint', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CHECKPOINT_EVERY: '3' });
    call = clientFor(api.baseUrl);
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  const subscribe = (token: string, body: Record<string, unknown>) =>
    call('POST', '/api/subscriptions', token, { channel: 'webhook', address: 'https://hooks.example.org/audit', language: 'en', ...body });

  it('refuses checkpoints to participants (403) and for one consultation (400 naming types)', async () => {
    expect((await subscribe(PARTICIPANT, { types: ['audit.checkpoint'] })).status).toBe(403);
    const launched = await call('POST', '/api/consultations', 'secretariat', LAUNCH);
    const oneConsultation = await subscribe(AUDITOR, { types: ['audit.checkpoint'], consultationId: launched.body.id });
    expect(oneConsultation.status).toBe(400);
    expect(JSON.stringify(oneConsultation.body)).toMatch(/types/);
    expect((await subscribe(AUDITOR, { types: ['no.such-type'] })).status).toBe(400);
  });

  it('delivers each signed checkpoint, note included, to the auditor who asked, and to nobody else', async () => {
    const asked = await subscribe(AUDITOR, { types: ['audit.checkpoint'] });
    expect(asked.status).toBe(201);
    expect(asked.body.types).toEqual(['audit.checkpoint']);
    expect((await subscribe(PARTICIPANT, {})).status).toBe(201);
    for (let i = 0; i < 4; i += 1) expect((await call('POST', '/api/consultations', 'secretariat', LAUNCH)).status).toBe(201);

    const deadline = Date.now() + 30_000;
    let notices: { type: string; body: string; title: string }[] = [];
    while (notices.length === 0 && Date.now() < deadline) {
      const feed = await call('GET', '/api/notifications', AUDITOR);
      notices = feed.body.items.filter((n: { type: string }) => n.type === 'audit.checkpoint');
      if (notices.length === 0) await new Promise((done) => setTimeout(done, 250));
    }
    expect(notices.length).toBeGreaterThan(0);
    const checkpoint = await (await fetch(`${api.baseUrl}/api/audit/checkpoint`)).text();
    const origin = checkpoint.split('\n')[0];
    expect(notices[0].title).toMatch(new RegExp(`^Audit checkpoint of ${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ events$`));
    expect(notices[0].body).toContain(origin);
    expect(notices[0].body).toMatch(/— \S+ /); // the signature line of the signed note
    // The auditor asked for checkpoints only: no consultation notices.
    const all = await call('GET', '/api/notifications', AUDITOR);
    expect(new Set(all.body.items.map((n: { type: string }) => n.type))).toEqual(new Set(['audit.checkpoint']));
    // A subscriber who did not name the type never hears of checkpoints.
    const participant = await call('GET', '/api/notifications', PARTICIPANT);
    expect(participant.body.items.some((n: { type: string }) => n.type === 'audit.checkpoint')).toBe(false);
    expect(participant.body.items.some((n: { type: string }) => n.type === 'consultation.launched')).toBe(true);
  });
});
