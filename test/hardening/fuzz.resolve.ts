import { BadTokenKind, GoodCaller, Group, badHeader, goodHeader } from './callers';
import { COUNCIL_GROUPS, FORUM_GROUPS } from './fixture';
import { World, templateBody, workflowOf } from './fuzz.templates';
import { Auth, Body, Endpoint, FuzzRequest, Mutation, Target } from './fuzz.requests';
import { deepJson } from './fuzz.values';

/** A request ready to send. */
export interface HttpRequest {
  /** Method and route pattern, e.g. `POST /api/consultations/:id/commands`: the class a violation belongs to. */
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const PATHS: Record<Endpoint, [string, (id: string) => string]> = {
  list: ['GET', () => '/api/consultations'],
  launch: ['POST', () => '/api/consultations'],
  view: ['GET', (id) => `/api/consultations/${id}`],
  command: ['POST', (id) => `/api/consultations/${id}/commands`],
  contribute: ['POST', (id) => `/api/consultations/${id}/contributions`],
  contributions: ['GET', (id) => `/api/consultations/${id}/contributions`],
  history: ['GET', (id) => `/api/consultations/${id}/history`],
  state: ['GET', (id) => `/api/consultations/${id}/state`],
  verify: ['GET', (id) => `/api/consultations/${id}/verify`],
  deadlines: ['GET', () => '/api/deadlines'],
  clock: ['PUT', () => '/api/clock'],
  health: ['GET', () => '/health'],
  metrics: ['GET', () => '/metrics'],
  docs: ['GET', () => '/api/docs-json'],
  unknown: ['GET', () => ''],
  report: ['GET', (id) => `/api/consultations/${id}/audit-report`],
  checkpoint: ['GET', () => '/api/audit/checkpoint'],
  publicKey: ['GET', () => '/api/audit/public-key'],
  consistency: ['GET', () => '/api/audit/consistency'],
  proof: ['GET', (id) => `/api/consultations/${id}/events/${id.length % 4}/proof`],
};

/** Turns a generated request into bytes on the wire, against what the api holds now. */
export function resolve(req: FuzzRequest, world: World): HttpRequest {
  const [defaultMethod, pathOf] = PATHS[req.endpoint];
  const method = req.method ?? defaultMethod;
  const id = idOf(aimed(req), world);
  let path = req.endpoint === 'unknown' ? req.unknownPath : pathOf(id);
  const route = `${method} ${req.endpoint === 'unknown' ? req.unknownPath : pathOf(':id')}`;
  path += queryString(req);
  const headers: Record<string, string> = {};
  const authorization = headerFor(req.auth, req.endpoint, req.target);
  if (authorization !== undefined) headers.authorization = authorization;
  if (req.idempotencyKey !== null) headers['idempotency-key'] = req.idempotencyKey;
  if (req.correlationId !== null) headers['x-correlation-id'] = req.correlationId;
  const canHaveBody = method !== 'GET' && method !== 'HEAD';
  const body = req.body && canHaveBody ? bodyBytes(req.body, world, id) : undefined;
  if (req.contentType !== null) headers['content-type'] = req.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  return { route, method, path, headers, body };
}

/** A valid command goes to a consultation of the workflow that knows it; everything else where it was generated to go. */
function aimed(req: FuzzRequest): Target {
  if (req.target.kind === 'raw' || req.body?.kind !== 'valid') return req.target;
  return { kind: workflowOf(req.body.template, req.body.r) ?? req.target.kind, pick: req.target.pick };
}

function idOf(target: Target, world: World): string {
  if (target.kind === 'raw') return target.id;
  const ids = target.kind === 'council' ? world.councilIds : world.forumIds;
  return ids[target.pick % ids.length];
}

function queryString(req: FuzzRequest): string {
  if (req.query === null) return req.endpoint === 'state' ? '?at=2030-01-01T00:00:00Z' : '';
  return '?' + req.query.map(([name, value, encode]) => (encode ? `${encoded(name)}=${encoded(value)}` : `${name}=${value}`)).join('&');
}

/** Percent-encoded UTF-8; a lone surrogate, which encodeURIComponent refuses, goes as its raw code unit bytes (invalid UTF-8). */
function encoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((c) => (c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff
      ? '%' + [0xe0 | (c.charCodeAt(0) >> 12), 0x80 | ((c.charCodeAt(0) >> 6) & 0x3f), 0x80 | (c.charCodeAt(0) & 0x3f)].map((b) => b.toString(16)).join('%')
      : encodeURIComponent(c))).join('');
  }
}

/** The caller who may do what the endpoint does: a request that fits gets past authorisation. */
function fittingCaller(endpoint: Endpoint, target: Target): GoodCaller {
  if (endpoint === 'verify' || endpoint === 'report') return { kind: 'auditor' };
  if (endpoint === 'contribute') {
    const pick = target.kind === 'raw' ? 0 : target.pick;
    const groups = target.kind === 'forum' ? FORUM_GROUPS : COUNCIL_GROUPS;
    return { kind: 'participant', group: groups[pick % groups.length] as Group };
  }
  return { kind: 'secretariat' };
}

function headerFor(auth: Auth, endpoint: Endpoint, target: Target): string | undefined {
  switch (auth.kind) {
    case 'none': return undefined;
    case 'fitting': return goodHeader(fittingCaller(endpoint, target));
    case 'good': return goodHeader(auth.caller);
    case 'bad': return badHeader(auth.bad as BadTokenKind);
    case 'raw': return auth.header;
  }
}

function bodyBytes(body: Body, world: World, id: string): string | Buffer {
  switch (body.kind) {
    case 'text': return body.text;
    case 'bytes': return Buffer.from(body.bytes);
    case 'json': return JSON.stringify(body.value) ?? 'null';
    case 'valid': return mutated(templateBody(body.template, world, body.r, id), body.mutations, world, id);
  }
}

const DEEP = (i: number): string => `\u0001DEEP${i}\u0001`;

/** Applies the mutations in order and serialises; deep nesting is spliced into the text (JSON.stringify would recurse). */
function mutated(start: unknown, mutations: Mutation[], world: World, id: string): string {
  // A copy: templates share constant arrays (sections, groups) that a mutation must not change.
  let value = structuredClone(start);
  const deep: string[] = [];
  for (const m of mutations) {
    if (m.op === 'wrap') value = [value];
    else if (m.op === 'type' && isObject(value)) own(value, 'type', m.value);
    else if (m.op === 'manyIds' && isObject(value)) {
      const ids = [...(world.contributionIds.get(id) ?? []), ...Array.from({ length: m.count }, (_, i) => `c-${i}`)].slice(0, m.count);
      own(value, 'type', 'publishContributions');
      own(value, 'payload', { contributionIds: ids });
    } else if (m.op !== 'type' && m.op !== 'manyIds') {
      const slots = slotsOf(value);
      if (slots.length === 0) continue;
      const [parent, key] = slots[m.at % slots.length];
      if (m.op === 'drop') Array.isArray(parent) ? removeAt(parent, Number(key)) : delete (parent as Record<string, unknown>)[key];
      else if (m.op === 'set') own(parent, key, m.value);
      else if (m.op === 'addKey') own(isObject((parent as any)[key]) ? (parent as any)[key] : parent, m.key, m.value);
      else if (m.op === 'deep') { own(parent, key, DEEP(deep.length)); deep.push(deepJson(m.depth, m.shape)); }
    }
  }
  let text = JSON.stringify(value) ?? 'null';
  deep.forEach((nested, i) => (text = text.replace(JSON.stringify(DEEP(i)), nested)));
  return text;
}

/** Removes one element without splice, which fails on an array given an own `constructor` key by an earlier mutation. */
function removeAt(array: unknown[], index: number): void {
  for (let i = index; i < array.length - 1; i++) array[i] = array[i + 1];
  array.length = Math.max(0, array.length - 1);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Sets an own, enumerable property, so `__proto__` is sent as a key and never sets a prototype here. */
function own(target: unknown, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every [container, key] in the value, in document order. */
function slotsOf(value: unknown, slots: [unknown, string][] = []): [unknown, string][] {
  if (!isObject(value)) return slots;
  for (const key of Object.keys(value)) {
    slots.push([value, key]);
    slotsOf((value as Record<string, unknown>)[key], slots);
  }
  return slots;
}
