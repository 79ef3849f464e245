import { councilLaunch, forumLaunch, SECTIONS } from './fixture';

/** What the fuzzer knows of the running api: ids it may aim at, and the manual clock. */
export interface World {
  councilIds: string[];
  forumIds: string[];
  /** Accepted contributions, by consultation id. */
  contributionIds: Map<string, string[]>;
  clock: number;
}

const FORMATS = ['physical', 'virtual', 'hybrid'];
const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A valid body per command type (DESIGN.md command tables), made from the world, the target and a number `r`. */
const COMMANDS: Record<string, (w: World, r: number, id: string) => Record<string, unknown>> = {
  publishDraft: (_w, r) => ({ documentRef: 'HG', version: r % 2 ? String(r) : r, sections: SECTIONS }),
  openConsultation: (w) => ({ closesAt: iso(w.clock + 60 * DAY) }),
  scheduleMeeting: (w, r) => ({ meetingId: `m${r % 20}`, startsAt: iso(w.clock + (r % 500) * HOUR), endsAt: iso(w.clock + (r % 500 + 2) * HOUR), format: FORMATS[r % 3], location: 'Geneva' }),
  rescheduleMeeting: (w, r) => ({ meetingId: `m${r % 20}`, startsAt: iso(w.clock + (r % 300) * HOUR), endsAt: iso(w.clock + (r % 300 + 1) * HOUR), reason: 'moved' }),
  changeMeetingFormat: (_w, r) => (r % 2 ? { meetingId: `m${r % 20}`, format: FORMATS[r % 3], reason: 'travel' } : { phaseKey: r % 4 ? 'brief' : 'open', format: FORMATS[r % 3], reason: 'travel' }),
  recordMeeting: (_w, r) => ({ meetingId: `m${r % 20}`, participants: r % 200, summary: 'held' }),
  extendDeadline: (w, r) => (r % 2 ? { closesAt: iso(w.clock + 90 * DAY), reason: 'more time' } : { phaseKey: 'open', endsAt: iso(w.clock + 180 * DAY), reason: 'more time' }),
  closeConsultation: () => ({ reason: 'done' }),
  publishFinalDraft: (_w, r) => ({ documentRef: 'HG', version: r }),
  submitToCouncil: (w) => ({ session: 'C30', documentRefs: ['C30/1'], considerationStartsAt: iso(w.clock + 10 * DAY), considerationEndsAt: iso(w.clock + 12 * DAY) }),
  postponeCouncilConsideration: (w) => ({ session: 'C31', considerationStartsAt: iso(w.clock + 100 * DAY), considerationEndsAt: iso(w.clock + 102 * DAY), reason: 'postponed' }),
  recordCouncilDecision: (_w, r) => ({ session: 'C30', outcome: ['approved', 'further-consultation', 'deferred'][r % 3], mode: r % 2 ? 'session' : 'correspondence', reference: 'C30/1' }),
  publishContributions: (w, r, id) => {
    const ids = w.contributionIds.get(id) ?? [];
    return { contributionIds: ids.slice(r % Math.max(1, ids.length)).slice(0, 3) };
  },
  withdraw: () => ({ reason: 'no longer needed' }),
  advancePhase: () => ({}),
  reschedulePhase: (w, r) => ({ phaseKey: 'brief', startsAt: iso(w.clock + (200 + r % 50) * DAY), endsAt: iso(w.clock + (201 + r % 50) * DAY), reason: 'room' }),
};

/** Command types, the final or closing ones listed once and the others four times, so consultations stay alive. */
export const COMMAND_TYPES = Object.keys(COMMANDS).flatMap((type) =>
  ['withdraw', 'closeConsultation', 'advancePhase', 'recordCouncilDecision'].includes(type) ? [type] : [type, type, type, type]);

const CONTRIBUTIONS: Record<string, (r: number) => Record<string, unknown>> = {
  comment: (r) => ({ kind: 'comment', section: String(1 + (r % 2)), text: `Comment ${r}`, language: 'en' }),
  'formal-contribution': (r) => ({ kind: 'formal-contribution', text: `Contribution ${r}`, language: 'fr' }),
  'workshop-request': (r) => ({ kind: 'workshop-request', text: `Workshop ${r}`, language: 'en' }),
  nomination: (r) => ({ kind: 'nomination', text: `Nomination ${r}`, language: 'ar' }),
  proposal: (r) => ({ kind: 'proposal', section: '1', text: 'Change it', language: 'en', action: ['MOD', 'SUP', 'ADD'][r % 3], target: '1.1', reason: 'clarity' }),
};

/** Every template name: launches, commands, contributions, clock moves. */
export const TEMPLATES = [
  'launch:council-approval', 'launch:phased-forum', ...Object.keys(COMMANDS).map((t) => `command:${t}`),
  ...Object.keys(CONTRIBUTIONS).map((k) => `contribution:${k}`), 'clock:forward', 'clock:backward',
];

/** The commands of one workflow only; the shared ones with two payload shapes take the shape `r` picks. */
const FORUM_ONLY = ['advancePhase', 'reschedulePhase'];
const SHARED = ['publishContributions', 'withdraw'];
const SHAPED_BY_R = ['changeMeetingFormat', 'extendDeadline'];

/** The workflow a valid command template is meant for, so it is sent to a consultation that knows it. */
export function workflowOf(template: string, r: number): 'council' | 'forum' | undefined {
  const [family, name] = template.split(':');
  if (family !== 'command' || SHARED.includes(name)) return undefined;
  if (SHAPED_BY_R.includes(name)) return r % 2 ? 'council' : 'forum';
  return FORUM_ONLY.includes(name) ? 'forum' : 'council';
}

/** The valid body a template names, made now from what the world holds, for consultation `id`. */
export function templateBody(template: string, world: World, r: number, id = ''): Record<string, unknown> {
  const [family, name] = template.split(':');
  if (family === 'launch') return name === 'council-approval' ? councilLaunch(`CL-${r}`) : forumLaunch(`F-${r}`);
  if (family === 'command') {
    const body: Record<string, unknown> = { type: name, payload: COMMANDS[name](world, r, id) };
    if (r % 7 === 0) body.expectedVersion = r % 5;
    return body;
  }
  if (family === 'contribution') return CONTRIBUTIONS[name](r);
  // Small steps forward keep the consultations open for the whole run; backward must be refused (409).
  return { now: iso(name === 'forward' ? world.clock + (r % 30) * 60_000 : world.clock - (1 + (r % 1000)) * 60_000) };
}

/** The templates that fit an endpoint. */
export function templatesFor(endpoint: string): string[] {
  const prefix = { launch: 'launch:', command: 'command:', contribute: 'contribution:', clock: 'clock:' }[endpoint];
  return prefix ? TEMPLATES.filter((t) => t.startsWith(prefix)) : TEMPLATES;
}
