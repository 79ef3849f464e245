// A client team's program: the types generated from /api/docs-json and openapi-fetch, nothing of
// the engine. The test copies it beside the generated `schema.ts`, type-checks it and runs it.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type Launch = components['schemas']['CouncilApprovalLaunch'];
type Answer = { response: Response; data?: unknown; error?: unknown };
interface Exchange { method: string; path: string; status: number; body: unknown }

async function main(): Promise<void> {
  const [baseUrl, secretariat, participant] = process.argv.slice(2);
  const client = createClient<paths>({ baseUrl });
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const exchanges: Exchange[] = [];
  const seen = <A extends Answer>(method: string, path: string, answer: A): A => {
    exchanges.push({ method, path, status: answer.response.status, body: answer.data ?? answer.error });
    return answer;
  };

  seen('put', '/api/clock', await client.PUT('/api/clock', { headers: as(secretariat), body: { now: '2020-03-01T09:00:00Z' } }));
  const launch: Launch = {
    workflow: 'council-approval', title: { en: 'OpenAPI client flow', fr: 'Parcours du client OpenAPI' }, reference: 'OAS/1',
    eligibleGroups: ['member-state'], timezone: 'Europe/Zurich',
  };
  const launched = seen('post', '/api/consultations', await client.POST('/api/consultations', { headers: as(secretariat), body: launch }));
  if (!launched.data) throw new Error(`launch refused: ${launched.error?.message}`);
  const id: string = launched.data.id;
  const params = { path: { id } };
  const commands = '/api/consultations/{id}/commands';
  const draft = seen('post', commands, await client.POST(commands, {
    params, headers: as(secretariat),
    body: { type: 'publishDraft', payload: { documentRef: 'OAS-DRAFT', version: 1, sections: [{ number: '1', title: 'Scope' }] } },
  }));
  const opened = seen('post', commands, await client.POST(commands, {
    params, headers: as(secretariat),
    body: { type: 'openConsultation', expectedVersion: draft.data?.version, payload: { closesAt: '2020-03-20T00:00:00+01:00' } },
  }));
  const contributions = '/api/consultations/{id}/contributions';
  const contributed = seen('post', contributions, await client.POST(contributions, {
    params, headers: as(participant), body: { kind: 'comment', section: '1', text: 'Scope agreed.', language: 'en' },
  }));
  const contributionId: string = contributed.data?.id ?? 'none';
  seen('post', commands, await client.POST(commands, {
    params, headers: as(secretariat), body: { type: 'publishContributions', payload: { contributionIds: [contributionId] } },
  }));
  const list = seen('get', '/api/consultations', await client.GET('/api/consultations', { params: { query: { q: 'openapi client', limit: 10 } } }));
  const published = seen('get', contributions, await client.GET(contributions, { params }));
  const view = seen('get', '/api/consultations/{id}', await client.GET('/api/consultations/{id}', { params, headers: as(participant) }));
  const refused = seen('post', '/api/consultations', await client.POST('/api/consultations', { headers: as(participant), body: launch }));

  const title: string | undefined = list.data?.items[0]?.title.en;
  const result = {
    id, states: [launched.data.state, draft.data?.state, opened.data?.state], version: opened.data?.version,
    eventTypes: opened.data?.events.map((e) => e.type), contributionId, listTotal: list.data?.total, title,
    publishedTexts: published.data?.items.map((c) => c.text), allowed: view.data?.allowedCommands,
    refusal: { status: refused.error?.statusCode, message: refused.error?.message },
  };
  process.stdout.write(JSON.stringify({ result, exchanges }));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
