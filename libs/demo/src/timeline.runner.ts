import type { Audience, HeardNotification, TokenFor } from './audience';
import type { Step, Timeline, Who } from './timeline';

/** What one step did, for printing and for tests. */
export interface StepRecord {
  step: Step;
  status: number;
  state: string | null;
  phase: string | null;
  body: any;
  /** Deadlines the clock change fired before the step ran. */
  fired: { kind: string; event: string; dueAt: string }[];
  /** What the audience's feeds gained in the step: its clock move's notifications, then its request's. */
  notifications: HeardNotification[];
}

export interface RunOptions {
  baseUrl: string;
  /** Signs a token for the given claims. */
  token: (claims: { sub: string; role: string; group?: string; org?: string; name?: string }) => string;
  onStep?: (record: StepRecord) => void;
  /** Subscribers (made before the run) whose new notifications each step records. */
  audience?: Audience;
}

/** Thrown when a step answers other than the timeline expects. */
export class TimelineMismatch extends Error {}

/** One timeline as played: its consultation's id and what each of its steps did. */
export interface PlayedTimeline {
  timeline: Timeline;
  id: string;
  records: StepRecord[];
}

type Call = (method: string, path: string, who: Who | undefined, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * Plays a timeline against a running api over HTTP, exactly as a secretariat's tools
 * would: set the manual clock, then send the step's request.
 */
export async function runTimeline(timeline: Timeline, options: RunOptions): Promise<{ id: string; records: StepRecord[] }> {
  const [{ id, records }] = await runTimelines([timeline], options);
  return { id, records };
}

/**
 * Plays several timelines into one store, their steps interleaved by date (the manual clock
 * never goes back, and the seeds overlap: GCA 2019-2022 holds WSIS 2020); steps of one
 * instant keep the order of `timelines`, then their own.
 */
export async function runTimelines(
  timelines: Timeline[], options: Omit<RunOptions, 'onStep'> & { onStep?: (record: StepRecord, timeline: Timeline) => void },
): Promise<PlayedTimeline[]> {
  const call = caller(options);
  const played: PlayedTimeline[] = timelines.map((timeline) => ({ timeline, id: '', records: [] }));
  // Array.prototype.sort is stable: ties keep the order built here.
  const steps = played.flatMap((p) => p.timeline.steps.map((step) => ({ p, step }))).sort((a, b) => Date.parse(a.step.at) - Date.parse(b.step.at));
  for (const { p, step } of steps) {
    const record = await playStep(step, p, call, options.audience);
    p.records.push(record);
    options.onStep?.(record, p.timeline);
    check(step, record);
  }
  return played;
}

function caller(options: Pick<RunOptions, 'baseUrl' | 'token'>): Call {
  const bearer = bearerFor(options.token);
  return async (method, path, who, body) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (who) headers.authorization = `Bearer ${bearer(who)}`;
    const response = await fetch(options.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** Sets the clock to the step's instant, sends its request for the timeline's consultation (`played.id`, set by its launch), reads the view. */
async function playStep(step: Step, played: PlayedTimeline, call: Call, audience?: Audience): Promise<StepRecord> {
  const clock = await call('PUT', '/api/clock', 'secretariat', { now: step.at });
  if (clock.status !== 200) throw new TimelineMismatch(`setting the clock to ${step.at}: ${clock.status} ${JSON.stringify(clock.body)}`);
  const who = step.as ?? 'secretariat';
  const id = played.id;
  let result: { status: number; body: any } = { status: 200, body: null };
  if (step.kind === 'launch') {
    result = await call('POST', '/api/consultations', who, step.body);
    if (result.status === 201) played.id = result.body.id;
  } else if (step.kind === 'command') {
    result = await call('POST', `/api/consultations/${id}/commands`, who, { type: step.type, payload: step.payload });
  } else if (step.kind === 'contribute') {
    result = await call('POST', `/api/consultations/${id}/contributions`, who, step.body);
  } else if (step.kind === 'publish-all') {
    const all = await call('GET', `/api/consultations/${id}/contributions?limit=1000`, 'secretariat');
    const ids = all.body.items.filter((c: { published: boolean }) => !c.published).map((c: { id: string }) => c.id);
    result = await call('POST', `/api/consultations/${id}/commands`, who, { type: 'publishContributions', payload: { contributionIds: ids } });
  }
  const view = await call('GET', `/api/consultations/${played.id}`, undefined);
  return {
    step, status: result.status, state: view.body?.state ?? null, phase: view.body?.phase ?? null, body: result.body,
    fired: clock.body.fired ?? [], notifications: (await audience?.news()) ?? [],
  };
}

function check(step: Step, record: StepRecord): void {
  const expected = step.expect ?? {};
  const status = expected.status ?? (step.kind === 'launch' || step.kind === 'contribute' ? 201 : 200);
  const problems: string[] = [];
  if (record.status !== status) problems.push(`status ${record.status}, expected ${status}: ${JSON.stringify(record.body)}`);
  if (expected.state !== undefined && record.state !== expected.state) problems.push(`state ${record.state}, expected ${expected.state}`);
  if (expected.phase !== undefined && record.phase !== expected.phase) problems.push(`phase ${record.phase}, expected ${expected.phase}`);
  if (problems.length > 0) throw new TimelineMismatch(`${step.at} "${step.note}": ${problems.join('; ')}`);
}

/** Tokens for whoever acts in a timeline, signed by `token`: one identity a secretariat, an auditor, a participant's organisation. */
export function bearerFor(token: RunOptions['token']): TokenFor {
  return (who) => {
    if (who === 'secretariat') return token({ sub: 'secretariat:gs', role: 'secretariat', name: 'General Secretariat' });
    if (who === 'auditor') return token({ sub: 'auditor:1', role: 'auditor', name: 'Auditor' });
    const { group, org, name } = who.participant;
    return token({ sub: `participant:${org}`.toLowerCase(), role: 'participant', group, org, name });
  };
}
