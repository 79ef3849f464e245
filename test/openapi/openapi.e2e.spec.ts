import SwaggerParser from '@apidevtools/swagger-parser';
import { join } from 'node:path';
import { participant } from '../../libs/demo/src/timeline';
import { TokenService } from '../../libs/auth/src/token.service';
import { Answer, clientFor, tokenFor } from '../support/consult-client';
import { generateTypes, layOutClient, runProgram, typeCheck } from '../support/openapi-client';
import { OpenApiSpec, expectMatchesSpec, matchesSchema } from '../support/openapi-responses';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(90_000);

const BRAZIL = participant('member-state', 'BRA');
const COMPANY = participant('private-sector', 'ACME');
const LAUNCH = { workflow: 'council-approval', title: { en: 'Spec check' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const TEMPLATES = ['flow.ts.tpl', 'misuse.ts.tpl'].map((name) => join(__dirname, 'client', name));

describe('the OpenAPI document, used the way a client team would', () => {
  const data = tempDir();
  const client = tempDir('consult-openapi-client-');
  let api: RunningApi;
  let spec: OpenApiSpec;
  let call: ReturnType<typeof clientFor>;
  /** Sends a request and checks its answer against the spec, whatever the status. */
  const checked = async (method: string, template: string, path: string, who?: Parameters<ReturnType<typeof clientFor>>[2], body?: unknown): Promise<Answer> => {
    const answer = await call(method, path, who, body);
    expectMatchesSpec(spec, method, template, answer.status, answer.body);
    return answer;
  };

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    spec = (await (await fetch(`${api.baseUrl}/api/docs-json`)).json()) as OpenApiSpec;
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
    client.remove();
  });

  it('is a valid OpenAPI 3.1 document (swagger-parser), with no internal class published', async () => {
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeDefined();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.components?.schemas ?? {})).not.toEqual(expect.arrayContaining(['AppConfig']));
    expect(Object.keys(spec.components?.schemas ?? {}).filter((name) => /Config|Claims|Envelope|SetClockDto/.test(name))).toEqual([]);
  });

  it('keeps Swagger UI at /api/docs', async () => {
    const page = await fetch(`${api.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger-ui/i);
  });

  it('describes a body for every answer of every operation', () => {
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const responses = Object.entries(operation.responses ?? {});
        expect({ path, method, success: responses.some(([status]) => status.startsWith('2')) }).toEqual({ path, method, success: true });
        for (const [status, response] of responses) {
          expect({ path, method, status, described: Object.keys(response.content ?? {}).length > 0 }).toEqual({ path, method, status, described: true });
        }
        if (path.startsWith('/api/')) expect({ path, method, errors: Object.keys(operation.responses ?? {}) }).toEqual({ path, method, errors: expect.arrayContaining(['400', '401', '429']) });
      }
    }
  });

  it('takes each workflow’s launch body and each command body in exactly one way', () => {
    expect(matchesSchema(spec, 'LaunchRequest', LAUNCH)).toBe(true);
    expect(matchesSchema(spec, 'LaunchRequest', { ...LAUNCH, workflow: 'phased-forum' })).toBe(false);
    const phase = { key: 'p1', kind: 'launch', title: { en: 'P' }, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z', opens: ['comment'] };
    expect(matchesSchema(spec, 'LaunchRequest', { ...LAUNCH, workflow: 'phased-forum', phases: [phase] })).toBe(true);
    // Both workflows take these two: one branch each, not two (oneOf would refuse a double match).
    expect(matchesSchema(spec, 'CommandRequest', { type: 'withdraw', payload: { reason: 'no longer needed' } })).toBe(true);
    expect(matchesSchema(spec, 'CommandRequest', { type: 'publishContributions', payload: { contributionIds: ['c1'] } })).toBe(true);
    expect(matchesSchema(spec, 'CommandRequest', { type: 'toString' })).toBe(false);
    expect(matchesSchema(spec, 'CommandRequest', { type: 'openConsultation', payload: { closesAt: '2030-04-01' } })).toBe(false);
  });

  it('generates types that type-check a client program (and refuse misuse), which then runs launch → command → contribution → list', async () => {
    await generateTypes(spec, client.path);
    const files = layOutClient(client.path, TEMPLATES);
    expect(typeCheck(files)).toEqual([]);
    const output = await runProgram(files[0], [api.baseUrl, tokenFor('secretariat'), tokenFor(BRAZIL)]);
    const { result, exchanges } = JSON.parse(output) as { result: Record<string, unknown>; exchanges: { method: string; path: string; status: number; body: unknown }[] };
    expect(result).toMatchObject({
      states: ['preparing', 'draftPublished', 'consultationOpen'], version: 2, eventTypes: ['ConsultationOpened'],
      listTotal: 1, title: 'OpenAPI client flow', publishedTexts: ['Scope agreed.'],
      allowed: [], refusal: { status: 403, message: expect.stringMatching(/launch/) },
    });
    expect(exchanges.map((e) => e.status)).toEqual([200, 201, 200, 200, 201, 200, 200, 200, 200, 403]);
    for (const e of exchanges) expectMatchesSpec(spec, e.method, e.path, e.status, e.body);
  });

  describe('every real answer matches the spec', () => {
    let id: string;

    beforeAll(async () => {
      await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-01T09:00:00Z' });
      id = (await checked('POST', '/api/consultations', '/api/consultations', 'secretariat', { ...LAUNCH, reference: 'SPEC/1' })).body.id;
      await checked('POST', '/api/consultations/{id}/commands', `/api/consultations/${id}/commands`, 'secretariat', {
        type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] },
      });
      await checked('POST', '/api/consultations/{id}/commands', `/api/consultations/${id}/commands`, 'secretariat', {
        type: 'scheduleMeeting', payload: { meetingId: 'm1', startsAt: '2020-04-10T09:00:00Z', endsAt: '2020-04-10T12:00:00Z', format: 'hybrid', location: 'Geneva' },
      });
      await checked('POST', '/api/consultations/{id}/commands', `/api/consultations/${id}/commands`, 'secretariat', { type: 'openConsultation', payload: { closesAt: '2020-04-30T00:00:00Z' } });
      await checked('POST', '/api/consultations/{id}/contributions', `/api/consultations/${id}/contributions`, BRAZIL, {
        kind: 'proposal', section: '1', text: 'Add a clause.', language: 'en', action: 'ADD', target: 'Clause 2', reason: 'clarity',
      });
    });

    it('reads: one consultation, the list, contributions, deadlines, health', async () => {
      for (const who of [undefined, 'secretariat', BRAZIL] as const) {
        expect((await checked('GET', '/api/consultations/{id}', `/api/consultations/${id}`, who)).status).toBe(200);
        expect((await checked('GET', '/api/consultations/{id}/contributions', `/api/consultations/${id}/contributions`, who)).status).toBe(200);
      }
      expect((await checked('GET', '/api/consultations', '/api/consultations?limit=5&offset=0', undefined)).body.total).toBeGreaterThan(0);
      expect((await checked('GET', '/api/deadlines', '/api/deadlines', undefined)).body.items.length).toBeGreaterThan(0);
      expectMatchesSpec(spec, 'GET', '/health', 200, await (await fetch(`${api.baseUrl}/health`)).json());
    });

    it('audit: history, state at an instant (before and after the launch), verification', async () => {
      expect((await checked('GET', '/api/consultations/{id}/history', `/api/consultations/${id}/history`, 'auditor')).body.events).toHaveLength(4);
      expect((await checked('GET', '/api/consultations/{id}/state', `/api/consultations/${id}/state?at=2020-04-01T10:00:00Z`, 'auditor')).body.exists).toBe(true);
      expect((await checked('GET', '/api/consultations/{id}/state', `/api/consultations/${id}/state?at=2019-01-01T00:00:00Z`, 'secretariat')).body.exists).toBe(false);
      expect((await checked('GET', '/api/consultations/{id}/verify', `/api/consultations/${id}/verify`, 'auditor')).body).toMatchObject({ ok: true, problems: [] });
    });

    it('the clock firing a deadline, and a phased forum’s view', async () => {
      expect((await checked('PUT', '/api/clock', '/api/clock', 'secretariat', { now: '2020-05-01T00:00:00Z' })).body.fired).toHaveLength(1);
      const phases = [{ key: 'launch', kind: 'meeting', format: 'virtual', title: { en: 'Launch' }, startsAt: '2020-05-02T00:00:00Z', endsAt: '2020-05-03T00:00:00Z', opens: ['comment'] }];
      const forum = (await checked('POST', '/api/consultations', '/api/consultations', 'secretariat', { ...LAUNCH, workflow: 'phased-forum', phases })).body.id;
      await checked('POST', '/api/consultations/{id}/commands', `/api/consultations/${forum}/commands`, 'secretariat', { type: 'advancePhase' });
      expect((await checked('GET', '/api/consultations/{id}', `/api/consultations/${forum}`, 'secretariat')).body.phase).toBe('launch');
      expect((await checked('GET', '/api/consultations/{id}/state', `/api/consultations/${forum}/state?at=2020-06-01T00:00:00Z`, 'auditor')).body.state).toBe('running');
    });

    it('errors: 400, 401, 403, 404, 409 and 422 carry the documented error body', async () => {
      const badToken = new TokenService('another-secret-another-secret-0123456789').sign({ sub: 'x', role: 'secretariat' });
      const cases: [number, string, string, string, Parameters<typeof call>[2], unknown][] = [
        [400, 'POST', '/api/consultations', '/api/consultations', 'secretariat', { ...LAUNCH, title: undefined }],
        [400, 'GET', '/api/consultations/{id}/state', `/api/consultations/${id}/state?at=someday`, 'auditor', undefined],
        [401, 'GET', '/api/consultations', '/api/consultations', badToken, undefined],
        [403, 'POST', '/api/consultations/{id}/contributions', `/api/consultations/${id}/contributions`, COMPANY, { kind: 'comment', section: '1', text: 'x', language: 'en' }],
        [403, 'GET', '/api/consultations/{id}/verify', `/api/consultations/${id}/verify`, 'secretariat', undefined],
        [404, 'GET', '/api/consultations/{id}', '/api/consultations/00000000-0000-4000-8000-000000000000', undefined, undefined],
        [409, 'POST', '/api/consultations/{id}/commands', `/api/consultations/${id}/commands`, 'secretariat', { type: 'recordCouncilDecision', payload: { session: 'C-2020', outcome: 'approved', mode: 'session' } }],
      ];
      for (const [status, method, template, path, who, body] of cases) {
        const answer = await checked(method, template, path, who, body);
        expect({ path, status: answer.status, statusCode: answer.body.statusCode }).toEqual({ path, status, statusCode: status });
      }
      const key = { 'idempotency-key': 'spec-422' };
      await call('POST', '/api/consultations', 'secretariat', LAUNCH, key);
      const reused = await call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, reference: 'OTHER' }, key);
      expect(reused.status).toBe(422);
      expectMatchesSpec(spec, 'POST', '/api/consultations', reused.status, reused.body);
    });
  });
});
