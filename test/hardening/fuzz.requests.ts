import fc from 'fast-check';
import { BAD_TOKEN_KINDS, BadTokenKind, GROUPS, GoodCaller } from './callers';
import { COMMAND_TYPES, TEMPLATES } from './fuzz.templates';
import { CONTENT_TYPES, DATE_SHAPES, INVALID_JSON, NUMBER_SHAPES, PROTOTYPE_NAMES, hugeString, nastyString, weirdValue } from './fuzz.values';

/** The endpoints of DESIGN.md's table that exist today, and paths that do not. */
export const ENDPOINTS = [
  'list', 'launch', 'view', 'command', 'contribute', 'contributions', 'history', 'state', 'verify',
  'deadlines', 'clock', 'health', 'metrics', 'docs', 'unknown',
  'report', 'checkpoint', 'publicKey', 'consistency', 'proof',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** Which consultation a request names: one set up, one the fuzzer launched, or an odd id. */
export type Target = { kind: 'council' | 'forum'; pick: number } | { kind: 'raw'; id: string };
/** The credentials sent: none, the caller that fits the endpoint, any good caller, a bad token, or an odd header. */
export type Auth = { kind: 'none' } | { kind: 'fitting' } | { kind: 'good'; caller: GoodCaller } | { kind: 'bad'; bad: BadTokenKind } | { kind: 'raw'; header: string };
/** One change to a valid body: the n-th field (in document order) dropped, replaced or given a sibling. */
export type Mutation =
  | { op: 'drop'; at: number } | { op: 'set'; at: number; value: unknown } | { op: 'addKey'; at: number; key: string; value: unknown }
  | { op: 'manyIds'; count: number } | { op: 'wrap' } | { op: 'type'; value: unknown } | { op: 'deep'; at: number; depth: number; shape: 'array' | 'object' };
/** The body sent: a valid one (maybe mutated), any JSON, raw text, or raw bytes. */
export type Body =
  | { kind: 'valid'; template: string; r: number; mutations: Mutation[] }
  | { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'bytes'; bytes: number[] };

/** A request as generated: abstract, so it is the same on replay; ids and tokens are resolved when it is sent. */
export interface FuzzRequest {
  endpoint: Endpoint;
  method: string | null;
  target: Target;
  query: [string, string, boolean][] | null;
  auth: Auth;
  body: Body | null;
  contentType: string | null;
  idempotencyKey: string | null;
  correlationId: string | null;
  unknownPath: string;
}

const ODD_IDS = [
  '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '..', '%2e%2e', '%00', '%zz', '%', 'x'.repeat(5000), 'x'.repeat(20_000), ' ', '%20', 'ع',
  '%F0%9F%8E%89', '1e20', '-1', '0', 'consultation-1', '%2F', 'a;b', '*', '?', '#', ...PROTOTYPE_NAMES,
];
const UNKNOWN_PATHS = [
  '/api', '/api/', '/api/nope', '/API/consultations', '/api/consultations/', '//api/consultations', '/api/consultations/x/y/z', '/api/clock/x',
  '/api/audit/checkpoint', '/api/subscriptions', '/api/events/stream', '/', '/favicon.ico', '/api/docs', '/api/consultations/%2e%2e/health',
  '/api/consultations?', '/api/__proto__', '/api/constructor', '/health/../api/consultations', '/metrics/x', '/api/deadlines/x',
];
const QUERY_NAMES = ['state', 'workflow', 'q', 'limit', 'offset', 'until', 'at', 'lang', 'from', 'to', 'treeSize', 'limit[]', 'limit[a]', 'q[$ne]', 'offset[0]', 'at[]', ...PROTOTYPE_NAMES, ''];
const RAW_HEADERS = ['Bearer', 'Bearer  ', 'bearer x.y.z', 'Bearer a.b.c', `Bearer ${'x'.repeat(8000)}`, 'Token abc', 'Bearer é', 'Bearer a.b.c, Bearer d.e.f', 'Negotiate x', '   '];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('council' as const, 'forum' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), id: fc.oneof(fc.constantFrom(...ODD_IDS), nastyString()) }) },
);

const goodCaller: fc.Arbitrary<GoodCaller> = fc.oneof(
  fc.constantFrom<GoodCaller>({ kind: 'public' }, { kind: 'secretariat' }, { kind: 'auditor' }),
  fc.constantFrom(...GROUPS).map((group): GoodCaller => ({ kind: 'participant', group })),
);

const auth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Auth>({ kind: 'fitting' }) },
  { weight: 3, arbitrary: goodCaller.map((caller): Auth => ({ kind: 'good', caller })) },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_TOKEN_KINDS).map((bad): Auth => ({ kind: 'bad', bad })) },
  { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'none' }) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_HEADERS).map((header): Auth => ({ kind: 'raw', header })) },
);

const queryValue = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NUMBER_SHAPES) }, { weight: 5, arbitrary: fc.constantFrom(...DATE_SHAPES) }, { weight: 5, arbitrary: nastyString() },
  { weight: 5, arbitrary: fc.constantFrom('consultationOpen', 'running', 'council-approval', 'phased-forum', 'forum', 'Hardening', '%', '%%', '%zz', '%00', '_', '*') },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(2_000), 'x'.repeat(20_000)) },
);
/** `arbitrary` in `tenths` of the cases, null in the rest. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, tenths: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 10 - tenths, arbitrary: fc.constant(null) }, { weight: tenths, arbitrary });

const query = sometimes(fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), queryValue, fc.boolean()), { minLength: 1, maxLength: 4 }), 6);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat(40) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(40), value: weirdValue() }) },
  fc.record({ op: fc.constant('addKey' as const), at: fc.nat(40), key: fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), nastyString()), value: weirdValue() }),
  fc.record({ op: fc.constant('manyIds' as const), count: fc.constantFrom(1000, 1001, 3000, 40_000) }),
  fc.constant<Mutation>({ op: 'wrap' }),
  fc.record({ op: fc.constant('type' as const), value: fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), weirdValue()) }),
  fc.record({ op: fc.constant('deep' as const), at: fc.nat(40), depth: fc.constantFrom(50, 1000, 5000, 20_000), shape: fc.constantFrom('array' as const, 'object' as const) }),
);

const templateFor = (endpoint: Endpoint): fc.Arbitrary<string> => {
  if (endpoint === 'command') return fc.constantFrom(...COMMAND_TYPES.map((t) => `command:${t}`));
  const prefix = { launch: 'launch:', contribute: 'contribution:', clock: 'clock:' }[endpoint as string];
  return fc.constantFrom(...TEMPLATES.filter((t) => (prefix ? t.startsWith(prefix) : true)));
};

const body = (endpoint: Endpoint): fc.Arbitrary<Body> => fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('valid' as const), template: templateFor(endpoint), r: fc.nat(100_000), mutations: fc.constant<Mutation[]>([]) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('valid' as const), template: templateFor(endpoint), r: fc.nat(100_000), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('valid' as const), template: fc.constantFrom(...TEMPLATES), r: fc.nat(100_000), mutations: fc.array(mutation, { maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 4 }), weirdValue()) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.constantFrom(...INVALID_JSON), hugeString()) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.array(fc.nat(255), { maxLength: 40 }).map((b) => [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...b, 0x22, 0x7d]) }) },
);

/** Reads mostly go without a body; writes mostly with one. */
const WRITES = new Set<Endpoint>(['launch', 'command', 'contribute', 'clock']);

/** A generated request over every endpoint. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.constantFrom(...ENDPOINTS).chain((endpoint) => fc.record({
  endpoint: fc.constant(endpoint),
  method: sometimes(fc.constantFrom(...METHODS), 1),
  target,
  query,
  auth,
  body: sometimes(body(endpoint), WRITES.has(endpoint) ? 9 : 1),
  contentType: sometimes(fc.constantFrom(...CONTENT_TYPES), 1),
  idempotencyKey: sometimes(fc.oneof(fc.constantFrom('k1', 'k2', 'k3', '', 'x'.repeat(201)), fc.stringMatching(/^[ -~]{1,40}$/)), 2),
  correlationId: sometimes(fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(5000), '%00', '../'), fc.stringMatching(/^[ -~]{1,40}$/)), 1),
  unknownPath: fc.constantFrom(...UNKNOWN_PATHS),
}));
