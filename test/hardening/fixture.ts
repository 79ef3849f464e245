import { RunningApi, startApi } from '../support/spawn-api';
import { tempDir } from '../support/spawn-app';
import { goodHeader } from './callers';

/** The manual clock's start: every date below is relative to it. */
export const START = '2030-01-01T00:00:00Z';
export const SECTIONS = [{ number: '1', title: 'Introduction' }, { number: '2', title: 'Measures' }];
export const COUNCIL_GROUPS = ['member-state', 'sector-member', 'associate', 'academia'];
export const FORUM_GROUPS = ['civil-society', 'private-sector', 'technical-community', 'international-organization'];
export const FORUM_KINDS = ['formal-contribution', 'workshop-request', 'nomination'];

/** A valid council-approval launch body (README "Using it"). */
export const councilLaunch = (reference = 'CL-30/1'): Record<string, unknown> => ({
  workflow: 'council-approval', title: { en: 'Hardening guidelines', ar: 'مبادئ توجيهية' }, reference,
  eligibleGroups: COUNCIL_GROUPS, timezone: 'Europe/Zurich',
});

/** A valid phased-forum launch body (libs/demo wsis2019): one open phase until June, a brief after. */
export const forumLaunch = (reference = 'FORUM-2030'): Record<string, unknown> => ({
  workflow: 'phased-forum', title: { en: 'Forum 2030' }, reference, eligibleGroups: FORUM_GROUPS, timezone: 'Europe/Zurich',
  phases: [
    { key: 'open', kind: 'meeting', title: { en: 'Open phase' }, format: 'virtual',
      startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-06-30T00:00:00Z', opens: FORUM_KINDS },
    { key: 'brief', kind: 'brief', title: { en: 'Final brief' }, startsAt: '2030-07-01T09:00:00Z', endsAt: '2030-07-01T12:00:00Z', opens: [] },
  ],
});

/** An answer: status, headers and the body parsed as JSON when it is JSON. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One HTTP request exactly as given: any method, raw body bytes, any headers. */
export async function send(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawAnswer> {
  const response = await fetch(baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(30_000) });
  // A live event stream never ends: its status and headers are the answer (waiting for its end would wait for the timeout).
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, headers: response.headers, text: '', json: undefined };
  }
  const text = await response.text();
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: response.status, headers: response.headers, text, json };
}

/** JSON request helper for set-up steps: fails loudly when set-up itself is refused. */
export async function setUp(baseUrl: string, method: string, path: string, body: unknown, authorization = goodHeader({ kind: 'secretariat' })!): Promise<any> {
  const answer = await send(baseUrl, method, path, { authorization, 'content-type': 'application/json' }, JSON.stringify(body));
  if (answer.status >= 300) throw new Error(`set-up ${method} ${path} answered ${answer.status}: ${answer.text}`);
  return answer.json;
}

/** The event store's head position, as GET /health reports it. */
export async function headPosition(baseUrl: string): Promise<number> {
  const answer = await send(baseUrl, 'GET', '/health');
  return (answer.json as { eventStore: { headPosition: number } }).eventStore.headPosition;
}

/** A running api on a manual clock with one council consultation open for comments and one forum in its open phase. */
export interface Fixture {
  api: RunningApi;
  councilId: string;
  forumId: string;
  stop(): Promise<void>;
}

/** Starts the api on a fresh SQLite file and sets up the two consultations every test drives. */
export async function startFixture(env: Record<string, string> = {}): Promise<Fixture> {
  const data = tempDir('consult-hardening-');
  const api = await startApi({
    CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', CONSULT_RATE_LIMIT: '1000000', LOG_LEVEL: 'error', ...env,
  });
  const stop = async (): Promise<void> => { await api.stop(); data.remove(); };
  try {
    await setUp(api.baseUrl, 'PUT', '/api/clock', { now: START });
    const councilId = (await setUp(api.baseUrl, 'POST', '/api/consultations', councilLaunch())).id;
    const command = `/api/consultations/${councilId}/commands`;
    await setUp(api.baseUrl, 'POST', command, { type: 'publishDraft', payload: { documentRef: 'HG', version: '1', sections: SECTIONS } });
    await setUp(api.baseUrl, 'POST', command, { type: 'openConsultation', payload: { closesAt: '2030-06-30T00:00:00Z' } });
    const forumId = (await setUp(api.baseUrl, 'POST', '/api/consultations', forumLaunch())).id;
    await setUp(api.baseUrl, 'PUT', '/api/clock', { now: '2030-01-01T00:00:01Z' });
    return { api, councilId, forumId, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
