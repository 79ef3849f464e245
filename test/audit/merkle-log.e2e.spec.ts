import { createHash, createPublicKey, verify } from 'node:crypto';
import { Answer, clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { runUntilExit } from '../support/spawn-api';
import { freePort, spawnApp, stopAll, tempDir } from '../support/spawn-app';
import { OpenApiSpec, expectMatchesSchema, expectMatchesSpec } from '../support/openapi-responses';
import { leafOfEvent, rfcVerifyConsistency, rfcVerifyInclusion } from './rfc9162.verifier';

jest.setTimeout(90_000);

const LAUNCH = { workflow: 'council-approval', title: { en: 'Audit log' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const DRAFT = { type: 'publishDraft', payload: { documentRef: 'DOC-1', version: '1', sections: [{ number: '1', title: 'Scope' }] } };

/** A checkpoint note checked as an auditor would, with Node's Ed25519 and the published key only. */
function openCheckpoint(note: string, publishedKey: string): { origin: string; size: number; root: Buffer } {
  const [name, hash, ...rest] = publishedKey.trim().split('+');
  const key = Buffer.from(rest.join('+'), 'base64');
  expect(createHash('sha256').update(`${name}\n`).update(key).digest().subarray(0, 4).toString('hex')).toBe(hash);
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.subarray(1).toString('base64url') }, format: 'jwk' });
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const [dash, signer, blob] = note.slice(split + 2).trimEnd().split(' ');
  expect([dash, signer]).toEqual(['\u2014', name]);
  const signature = Buffer.from(blob, 'base64');
  expect(signature.subarray(0, 4).toString('hex')).toBe(hash);
  expect(verify(null, Buffer.from(text), publicKey, signature.subarray(4))).toBe(true);
  const [origin, size, root] = text.trimEnd().split('\n');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

describe('the audit log over HTTP, checked with an independent RFC 9162 verifier', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let publishedKey: string;
  const text = async (path: string) => {
    const response = await fetch(api.baseUrl + path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };
  const launch = async (): Promise<string> => {
    const launched = await call('POST', '/api/consultations', 'secretariat', LAUNCH);
    expect(launched.status).toBe(201);
    expect((await call('POST', `/api/consultations/${launched.body.id}/commands`, 'secretariat', DRAFT)).status).toBe(200);
    return launched.body.id;
  };

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', CONSULT_PUBLIC_URL: 'https://audit.example.org' });
    call = clientFor(api.baseUrl);
    publishedKey = await text('/api/audit/public-key');
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('publishes a verifier key named after the origin', () => {
    expect(publishedKey.trim()).toMatch(/^audit\.example\.org\/consult\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  });

  it('signs a checkpoint covering every event, and proves each event of a consultation is in it', async () => {
    const ids = [await launch(), await launch(), await launch()];
    const checkpoint = openCheckpoint(await text('/api/audit/checkpoint'), publishedKey);
    expect(checkpoint.origin).toBe('audit.example.org/consult');
    const history = await call('GET', `/api/consultations/${ids[1]}/history`, 'auditor');
    expect(history.status).toBe(200);
    expect(checkpoint.size).toBeGreaterThanOrEqual(6);
    for (const event of history.body.events as { revision: number; position: number; hash: string }[]) {
      const proof: Answer = await call('GET', `/api/consultations/${ids[1]}/events/${event.revision}/proof`);
      expect(proof.status).toBe(200);
      expect(proof.body).toEqual({ treeSize: checkpoint.size, leafIndex: event.position - 1, hashes: expect.any(Array) });
      const path = (proof.body.hashes as string[]).map((h) => Buffer.from(h, 'base64'));
      expect(rfcVerifyInclusion(proof.body.leafIndex, checkpoint.size, leafOfEvent(event.hash), path, checkpoint.root)).toBe(true);
      expect(rfcVerifyInclusion(proof.body.leafIndex, checkpoint.size, leafOfEvent('00'.repeat(32)), path, checkpoint.root)).toBe(false);
    }
  });

  it('proves a later checkpoint extends an earlier one, and proves inclusion in a tree size asked for', async () => {
    const before = openCheckpoint(await text('/api/audit/checkpoint'), publishedKey);
    const id = await launch();
    const after = openCheckpoint(await text('/api/audit/checkpoint'), publishedKey);
    expect(after.size).toBe(before.size + 2);
    const consistency = await call('GET', `/api/audit/consistency?from=${before.size}&to=${after.size}`);
    expect(consistency.status).toBe(200);
    expect(consistency.body).toEqual({ from: before.size, treeSize: after.size, hashes: expect.any(Array) });
    const proof = (consistency.body.hashes as string[]).map((h) => Buffer.from(h, 'base64'));
    expect(rfcVerifyConsistency(before.size, after.size, before.root, after.root, proof)).toBe(true);
    expect(rfcVerifyConsistency(before.size, after.size, Buffer.alloc(32), after.root, proof)).toBe(false);
    const latest = await call('GET', `/api/audit/consistency?from=1`);
    expect(latest.body.treeSize).toBe(after.size);
    const first = (await call('GET', `/api/consultations/${id}/history`, 'auditor')).body.events[0];
    const inTree = await call('GET', `/api/consultations/${id}/events/0/proof?treeSize=${after.size}`);
    const path = (inTree.body.hashes as string[]).map((h) => Buffer.from(h, 'base64'));
    expect(rfcVerifyInclusion(first.position - 1, after.size, leafOfEvent(first.hash), path, after.root)).toBe(true);
  });

  it('answers 400 naming the field for bad, missing or oversize sizes, and 404 for an unknown event', async () => {
    const id = await launch();
    const size = openCheckpoint(await text('/api/audit/checkpoint'), publishedKey).size;
    const field = (answer: Answer) => [answer.status, JSON.stringify(answer.body)];
    for (const [path, name] of [
      ['/api/audit/consistency', 'from'], ['/api/audit/consistency?from=abc', 'from'], ['/api/audit/consistency?from=0', 'from'],
      [`/api/audit/consistency?from=2&to=1`, 'from'], [`/api/audit/consistency?from=1&to=${size + 100}`, 'to'],
      ['/api/audit/consistency?from=1&to=99999999999999999999', 'to'], ['/api/audit/consistency?from=1&extra=1', 'extra'],
      [`/api/consultations/${id}/events/x/proof`, 'revision'], [`/api/consultations/${id}/events/3000000000/proof`, 'revision'], [`/api/consultations/${id}/events/0/proof?treeSize=0`, 'treeSize'],
      [`/api/consultations/${id}/events/0/proof?treeSize=${size + 100}`, 'treeSize'], [`/api/consultations/${id}/events/1/proof?treeSize=1`, 'treeSize'],
    ]) {
      const answer = await call('GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(field(answer)[1]).toContain(name);
    }
    expect((await call('GET', `/api/consultations/${id}/events/99/proof`)).status).toBe(404);
    expect((await call('GET', '/api/consultations/00000000-0000-0000-0000-000000000000/events/0/proof')).status).toBe(404);
  });

  it('answers as the OpenAPI document says: text notes and keys, JSON proofs and errors', async () => {
    const spec = (await (await fetch(`${api.baseUrl}/api/docs-json`)).json()) as OpenApiSpec;
    const id = await launch();
    for (const path of ['/api/audit/checkpoint', '/api/audit/public-key']) {
      expect(Object.keys(spec.paths[path].get.responses?.['200'].content ?? {})).toEqual(['text/plain']);
    }
    expectMatchesSchema(spec, 'NoteVerifierKey', publishedKey);
    const proofPath = '/api/consultations/{id}/events/{revision}/proof';
    for (const [template, path] of [
      ['/api/audit/consistency', '/api/audit/consistency?from=1'], ['/api/audit/consistency', '/api/audit/consistency?from=x'],
      [proofPath, `/api/consultations/${id}/events/1/proof`], [proofPath, `/api/consultations/${id}/events/1/proof?treeSize=1`],
      [proofPath, `/api/consultations/${id}/events/7/proof`],
    ]) {
      const answer = await call('GET', path);
      expectMatchesSpec(spec, 'GET', template, answer.status, answer.body);
    }
  });

  it('refuses to start in production without CONSULT_SIGNING_KEY, in one line naming it', async () => {
    const app = spawnApp('api', { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(await freePort()), CONSULT_SQLITE_PATH: `${data.path}/prod/consult.db`, CONSULT_SIGNING_KEY: '' });
    const { code, stderr } = await runUntilExit(app);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').filter((line) => line.includes('CONSULT_SIGNING_KEY'))).toEqual([
      expect.stringMatching(/^startup error: CONSULT_SIGNING_KEY is required when NODE_ENV=production/),
    ]);
  });
});
