// Calls the generated types must refuse: each `@ts-expect-error` fails the type check if the
// line below it compiles, so the test proves the types say something.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export async function misuse(client: ReturnType<typeof createClient<paths>>, id: string): Promise<void> {
  const params = { path: { id } };
  // @ts-expect-error publishDraft's payload has no closesAt
  await client.POST('/api/consultations/{id}/commands', { params, body: { type: 'publishDraft', payload: { closesAt: '2030-04-01T00:00:00Z' } } });
  // @ts-expect-error there is no such command
  await client.POST('/api/consultations/{id}/commands', { params, body: { type: 'toString' } });
  // @ts-expect-error a phased forum needs its phases
  const forum: components['schemas']['PhasedForumLaunch'] = { workflow: 'phased-forum', title: { en: 'F' }, eligibleGroups: ['academia'], timezone: 'UTC' };
  // @ts-expect-error limit is a number
  await client.GET('/api/consultations', { params: { query: { limit: 'ten' } } });
  // @ts-expect-error stakeholder groups are a closed list
  await client.POST('/api/consultations', { body: { workflow: 'council-approval', title: { en: 'T' }, eligibleGroups: ['everyone'], timezone: 'UTC' } });
  const listed = await client.GET('/api/consultations');
  // @ts-expect-error a list item has no such field
  void listed.data?.items[0]?.secret;
  const failed = await client.GET('/api/consultations/{id}', { params });
  // @ts-expect-error the error body's statusCode is a number
  const code: string | undefined = failed.error?.statusCode;
  void forum; void code;
}
