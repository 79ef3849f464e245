import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkpointBody, originFor, parseCheckpoint, parseNote, parseVerifierKey, signNote, verifierKey, verifyNote,
} from './signed-note';
import { developmentKeyPath, loadSigningKey } from './signing-key';

/** The example of Go's sumdb/note documentation (golang.org/x/mod/sumdb/note). */
const GO_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_NOTE = 'If you think cryptography is the answer to your problem,\nthen you don\'t know what your problem is.\n\n'
  + '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

/** Checks a note the way an auditor would with Node alone: parse the published key, verify Ed25519. */
function independentlyVerified(note: string, published: string): boolean {
  const [name, hash, encoded] = [published.split('+')[0], published.split('+')[1], published.split('+').slice(2).join('+')];
  const raw = Buffer.from(encoded, 'base64');
  expect(raw[0]).toBe(1);
  const expectedHash = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), raw])).digest().subarray(0, 4).toString('hex');
  expect(hash).toBe(expectedHash);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') }, format: 'jwk' });
  const [text, signatureLine] = [note.slice(0, note.lastIndexOf('\n\n') + 1), note.slice(note.lastIndexOf('\n\n') + 2).trimEnd()];
  expect(signatureLine.startsWith(`\u2014 ${name} `)).toBe(true);
  const blob = Buffer.from(signatureLine.split(' ')[2], 'base64');
  expect(blob.subarray(0, 4).toString('hex')).toBe(hash);
  return verify(null, Buffer.from(text), key, blob.subarray(4));
}

describe('C2SP signed notes and checkpoints', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const origin = originFor('https://consult.example.org:8443/app');
  const body = checkpointBody({ origin, treeSize: 42, rootHash: createHash('sha256').update('root').digest() });

  it('verifies the Go sumdb/note example with its published key', () => {
    expect(verifyNote(GO_NOTE, parseVerifierKey(GO_KEY))).toBe(true);
    expect(independentlyVerified(GO_NOTE, GO_KEY)).toBe(true);
    expect(verifyNote(GO_NOTE.replace('cryptography', 'cryptographY'), parseVerifierKey(GO_KEY))).toBe(false);
  });

  it('writes the tlog-checkpoint body: origin, size, base64 root, each on its line', () => {
    expect(origin).toBe('consult.example.org:8443/consult');
    expect(body).toMatch(/^consult\.example\.org:8443\/consult\n42\n[A-Za-z0-9+/]{43}=\n$/);
    expect(parseCheckpoint(body).treeSize).toBe(42);
  });

  it('signs a note that Node’s Ed25519 verify accepts with the published verifier key', () => {
    const note = signNote(body, origin, privateKey);
    const published = verifierKey(origin, privateKey);
    expect(published).toMatch(/^consult\.example\.org:8443\/consult\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(independentlyVerified(note, published)).toBe(true);
    expect(verifyNote(note, parseVerifierKey(published))).toBe(true);
    expect(parseNote(note).text).toBe(body);
  });

  it('refuses a changed note, another key, and a malformed key', () => {
    const note = signNote(body, origin, privateKey);
    const published = parseVerifierKey(verifierKey(origin, privateKey));
    expect(verifyNote(note.replace('\n42\n', '\n43\n'), published)).toBe(false);
    const other = parseVerifierKey(verifierKey(origin, generateKeyPairSync('ed25519').privateKey));
    expect(verifyNote(note, other)).toBe(false);
    expect(() => parseVerifierKey(verifierKey(origin, privateKey).replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/key hash/);
    expect(() => parseVerifierKey('not a key')).toThrow();
  });

  it('keeps a development key under the data directory (0600), the same across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consult-key-'));
    try {
      const settings = { sqlitePath: join(dir, 'consult.db'), production: false };
      const first = loadSigningKey(settings);
      expect(statSync(developmentKeyPath(settings.sqlitePath)).mode & 0o777).toBe(0o600);
      expect(verifierKey('x', loadSigningKey(settings))).toBe(verifierKey('x', first));
      const pem = readFileSync(developmentKeyPath(settings.sqlitePath), 'utf8');
      expect(verifierKey('x', loadSigningKey({ ...settings, signingKey: pem, production: true }))).toBe(verifierKey('x', first));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires CONSULT_SIGNING_KEY in production and refuses a key of another type', () => {
    expect(() => loadSigningKey({ sqlitePath: '/nonexistent/x.db', production: true })).toThrow(/CONSULT_SIGNING_KEY is required when NODE_ENV=production/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadSigningKey({ sqlitePath: '/x.db', production: false, signingKey: rsa })).toThrow(/Ed25519/);
  });
});
