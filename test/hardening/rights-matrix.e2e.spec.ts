import { stopAll } from '../support/spawn-app';
import { BAD_TOKEN_KINDS, BadTokenKind, GROUPS, GoodCaller, Group, badHeader, goodHeader } from './callers';
import { COUNCIL_GROUPS, FORUM_GROUPS, Fixture, councilLaunch, send, startFixture } from './fixture';

/**
 * The rights matrix: every endpoint × every kind of caller → the status DESIGN.md ("Auth" and
 * the API table) gives. The table below is the documentation; one test per endpoint reports
 * every cell that answers otherwise.
 */
jest.setTimeout(120_000);

type Role = 'secretariat' | 'auditor';
/** Who may call an endpoint: anyone, some roles, or participants of some groups. */
type Allowed = 'anyone' | { roles: Role[]; groups?: readonly string[] };

interface Row {
  name: string;
  /** The request for cell number `n` (unique numbers keep writes distinct). */
  request(f: Fixture, n: number): { method: string; path: string; body?: unknown };
  allowed: Allowed;
  /** The status an allowed caller gets. */
  ok: number;
  /** Outside /api: no token is looked at, so a bad one changes nothing. */
  publicPath?: boolean;
}

const at = (base: string, minutes: number): string => new Date(Date.parse(base) + minutes * 60_000).toISOString();
const SECRETARIAT_ONLY: Allowed = { roles: ['secretariat'] };
const READERS_OF_THE_RECORD: Allowed = { roles: ['secretariat', 'auditor'] };
/** Every token holder: each role, and participants of every group. */
const TOKEN_HOLDERS: Allowed = { roles: ['secretariat', 'auditor'], groups: GROUPS };
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const contribution = (kind: string, section?: string) => ({ kind, section, text: 'A contribution.', language: 'en' });

const ROWS: Row[] = [
  { name: 'POST /api/consultations', request: () => ({ method: 'POST', path: '/api/consultations', body: councilLaunch() }), allowed: SECRETARIAT_ONLY, ok: 201 },
  { name: 'GET /api/consultations', request: () => ({ method: 'GET', path: '/api/consultations' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations?limit&offset', request: () => ({ method: 'GET', path: '/api/consultations?limit=5&offset=0&q=forum' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:council', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:forum', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:unknown', request: () => ({ method: 'GET', path: '/api/consultations/00000000-0000-4000-8000-000000000000' }), allowed: 'anyone', ok: 404 },
  {
    name: 'POST /api/consultations/:council/commands (scheduleMeeting)', allowed: SECRETARIAT_ONLY, ok: 200,
    request: (f, n) => ({ method: 'POST', path: `/api/consultations/${f.councilId}/commands`, body: {
      type: 'scheduleMeeting', payload: { meetingId: `m-${n}`, startsAt: at('2030-03-01T09:00:00Z', n * 60), endsAt: at('2030-03-01T10:00:00Z', n * 60), format: 'hybrid' } } }),
  },
  {
    name: 'POST /api/consultations/:forum/commands (reschedulePhase)', allowed: SECRETARIAT_ONLY, ok: 200,
    request: (f, n) => ({ method: 'POST', path: `/api/consultations/${f.forumId}/commands`, body: {
      type: 'reschedulePhase', payload: { phaseKey: 'brief', startsAt: at('2030-07-01T09:00:00Z', n), endsAt: at('2030-07-01T12:00:00Z', n), reason: 'room' } } }),
  },
  {
    name: 'POST /api/consultations/:council/contributions', allowed: { roles: [], groups: COUNCIL_GROUPS }, ok: 201,
    request: (f) => ({ method: 'POST', path: `/api/consultations/${f.councilId}/contributions`, body: contribution('comment', '1') }),
  },
  {
    name: 'POST /api/consultations/:forum/contributions', allowed: { roles: [], groups: FORUM_GROUPS }, ok: 201,
    request: (f) => ({ method: 'POST', path: `/api/consultations/${f.forumId}/contributions`, body: contribution('formal-contribution') }),
  },
  { name: 'GET /api/consultations/:council/contributions', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/contributions?limit=10&offset=0` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:forum/contributions', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}/contributions` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:council/history', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/history` }), allowed: READERS_OF_THE_RECORD, ok: 200 },
  { name: 'GET /api/consultations/:forum/history', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}/history` }), allowed: READERS_OF_THE_RECORD, ok: 200 },
  { name: 'GET /api/consultations/:council/state?at', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/state?at=2030-01-01T00:00:00Z` }), allowed: READERS_OF_THE_RECORD, ok: 200 },
  { name: 'GET /api/consultations/:forum/state?at', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}/state?at=2030-02-01T00:00:00%2B01:00` }), allowed: READERS_OF_THE_RECORD, ok: 200 },
  { name: 'GET /api/consultations/:council/verify', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/verify` }), allowed: { roles: ['auditor'] }, ok: 200 },
  { name: 'GET /api/consultations/:forum/verify', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}/verify` }), allowed: { roles: ['auditor'] }, ok: 200 },
  { name: 'GET /api/consultations/:council/audit-report', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/audit-report` }), allowed: READERS_OF_THE_RECORD, ok: 200 },
  { name: 'GET /api/consultations/:forum/audit-report?lang=ar', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}/audit-report?lang=ar` }), allowed: READERS_OF_THE_RECORD, ok: 200 },
  { name: 'GET /api/audit/checkpoint', request: () => ({ method: 'GET', path: '/api/audit/checkpoint' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/audit/public-key', request: () => ({ method: 'GET', path: '/api/audit/public-key' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/audit/consistency', request: () => ({ method: 'GET', path: '/api/audit/consistency?from=1&to=2' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:council/events/0/proof', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/events/0/proof` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/deadlines', request: () => ({ method: 'GET', path: '/api/deadlines' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/deadlines?until', request: () => ({ method: 'GET', path: '/api/deadlines?until=2031-01-01T00:00:00Z' }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:council/calendar.ics', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.councilId}/calendar.ics` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:forum/calendar.ics', request: (f) => ({ method: 'GET', path: `/api/consultations/${f.forumId}/calendar.ics` }), allowed: 'anyone', ok: 200 },
  { name: 'GET /api/consultations/:unknown/calendar.ics', request: () => ({ method: 'GET', path: `/api/consultations/${UNKNOWN}/calendar.ics` }), allowed: 'anyone', ok: 404 },
  {
    name: 'POST /api/subscriptions', allowed: TOKEN_HOLDERS, ok: 201,
    request: (f) => ({ method: 'POST', path: '/api/subscriptions', body: { consultationId: f.councilId, channel: 'webhook', address: 'https://hooks.example.org/c', language: 'en' } }),
  },
  { name: 'GET /api/subscriptions', request: () => ({ method: 'GET', path: '/api/subscriptions?limit=5' }), allowed: TOKEN_HOLDERS, ok: 200 },
  // Someone else's subscription and no subscription read the same: 404 for every token holder.
  { name: 'DELETE /api/subscriptions/:unknown', request: () => ({ method: 'DELETE', path: `/api/subscriptions/${UNKNOWN}` }), allowed: TOKEN_HOLDERS, ok: 404 },
  // The links e-mails carry: the link's token is the proof, a bearer token is not needed; a bad link reads as not found.
  { name: 'GET /api/subscriptions/:unknown/confirm', request: () => ({ method: 'GET', path: `/api/subscriptions/${UNKNOWN}/confirm?token=x` }), allowed: 'anyone', ok: 404 },
  { name: 'GET /api/subscriptions/:unknown/unsubscribe', request: () => ({ method: 'GET', path: `/api/subscriptions/${UNKNOWN}/unsubscribe?token=x` }), allowed: 'anyone', ok: 404 },
  { name: 'POST /api/subscriptions/:unknown/unsubscribe', request: () => ({ method: 'POST', path: `/api/subscriptions/${UNKNOWN}/unsubscribe?token=x` }), allowed: 'anyone', ok: 404 },
  { name: 'GET /api/deliveries', request: () => ({ method: 'GET', path: '/api/deliveries?status=dead&limit=5' }), allowed: SECRETARIAT_ONLY, ok: 200 },
  { name: 'POST /api/deliveries/:unknown/redeliver', request: () => ({ method: 'POST', path: `/api/deliveries/${UNKNOWN}/redeliver` }), allowed: SECRETARIAT_ONLY, ok: 404 },
  { name: 'GET /api/notifications', request: () => ({ method: 'GET', path: '/api/notifications?unread=true' }), allowed: TOKEN_HOLDERS, ok: 200 },
  { name: 'POST /api/notifications/:unknown/read', request: () => ({ method: 'POST', path: `/api/notifications/${UNKNOWN}/read` }), allowed: TOKEN_HOLDERS, ok: 404 },
  // Each cell sets a later time than the one before, so an allowed caller is never refused as "backwards".
  { name: 'PUT /api/clock', request: (_f, n) => ({ method: 'PUT', path: '/api/clock', body: { now: new Date(Date.parse('2030-01-01T00:00:01Z') + n * 1000).toISOString() } }), allowed: SECRETARIAT_ONLY, ok: 200 },
  // expected by DESIGN.md: /api/docs-json is an /api path, so a bad token is 401 there too.
  { name: 'GET /api/docs-json', request: () => ({ method: 'GET', path: '/api/docs-json' }), allowed: 'anyone', ok: 200 },
  // expected by DESIGN.md: "401 on every /api path" includes a path that does not exist.
  { name: 'GET /api/no-such-endpoint', request: () => ({ method: 'GET', path: '/api/no-such-endpoint' }), allowed: 'anyone', ok: 404 },
  { name: 'GET /health', request: () => ({ method: 'GET', path: '/health' }), allowed: 'anyone', ok: 200, publicPath: true },
  { name: 'GET /metrics', request: () => ({ method: 'GET', path: '/metrics' }), allowed: 'anyone', ok: 200, publicPath: true },
];

/** Every caller of the matrix, by name. */
const CALLERS: { name: string; good?: GoodCaller; bad?: BadTokenKind }[] = [
  { name: 'no token', good: { kind: 'public' } },
  ...GROUPS.map((group: Group) => ({ name: `participant ${group}`, good: { kind: 'participant', group } as GoodCaller })),
  { name: 'secretariat', good: { kind: 'secretariat' } },
  { name: 'auditor', good: { kind: 'auditor' } },
  ...BAD_TOKEN_KINDS.map((kind) => ({ name: `bad token: ${kind}`, bad: kind })),
];

/** The status DESIGN.md gives one caller on one row. */
function expected(row: Row, caller: (typeof CALLERS)[number]): number {
  // expected by DESIGN.md: a present but bad token is 401 on every /api path, public reads included.
  if (caller.bad) return row.publicPath ? row.ok : 401;
  const who = caller.good!;
  if (row.allowed === 'anyone') return row.ok;
  // expected by DESIGN.md ("No token = public reader"): the public is asked for a token (401) where a role is needed.
  if (who.kind === 'public') return 401;
  if (who.kind === 'participant') return row.allowed.groups?.includes(who.group) ? row.ok : 403;
  return row.allowed.roles.includes(who.kind) ? row.ok : 403;
}

describe('rights matrix: every endpoint × every caller answers as DESIGN.md says', () => {
  let fixture: Fixture;
  let cell = 0;

  beforeAll(async () => {
    fixture = await startFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
    await stopAll();
  });

  it('has well over 300 cells', () => {
    expect(ROWS.length * CALLERS.length).toBeGreaterThan(300);
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const mismatches: string[] = [];
    for (const caller of CALLERS) {
      const { method, path, body } = row.request(fixture, ++cell);
      const authorization = caller.bad ? badHeader(caller.bad) : goodHeader(caller.good!);
      const headers: Record<string, string> = {
        ...(authorization === undefined ? {} : { authorization }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      const answer = await send(fixture.api.baseUrl, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
      const want = expected(row, caller);
      if (answer.status !== want) mismatches.push(`${caller.name}: expected ${want}, got ${answer.status} ${answer.text.slice(0, 160)}`);
    }
    expect(mismatches).toEqual([]);
  });

  // DESIGN.md: contributions are listed for anyone (published) / secretariat (all); the matrix left some unpublished.
  it('lists unpublished contributions to the secretariat only', async () => {
    const list = async (caller: GoodCaller) => {
      const authorization = goodHeader(caller);
      const answer = await send(fixture.api.baseUrl, 'GET', `/api/consultations/${fixture.councilId}/contributions`, authorization ? { authorization } : {});
      return answer.json as { total: number; items: { published: boolean }[] };
    };
    expect((await list({ kind: 'secretariat' })).items.some((item) => !item.published)).toBe(true);
    const others = CALLERS.filter((c) => c.good && c.good.kind !== 'secretariat');
    const leaks = [];
    for (const caller of others) if ((await list(caller.good!)).items.some((item) => !item.published)) leaks.push(caller.name);
    expect(leaks).toEqual([]);
  });
});
