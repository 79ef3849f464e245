import { KeyObject, createHash, createPublicKey, sign, verify } from 'node:crypto';

/**
 * C2SP `signed-note` with Ed25519 and the `tlog-checkpoint` body it carries, so that
 * standard transparency-log tools (and `consult verify --checkpoint`) check our notes.
 */

const SIGNATURE_PREFIX = '\u2014 ';
const ED25519 = 0x01;

/** A checkpoint as its note states it. */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
}

/** `<origin>\n<tree size>\n<base64 root hash>\n`. */
export function checkpointBody(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString('base64')}\n`;
}

/** The log's origin line: `<host of the public URL>/consult`. */
export function originFor(publicUrl: string): string {
  return `${new URL(publicUrl).host}/consult`;
}

/** The 32 raw bytes of an Ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('the audit signing key must be an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

/** First 4 bytes of SHA-256(name || 0x0A || 0x01 || public key). */
export function keyHash(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(`${name}\n`).update(Buffer.from([ED25519])).update(publicKey).digest().subarray(0, 4);
}

/** The verifier key `<name>+<8 hex key hash>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, key: KeyObject): string {
  const publicKey = rawPublicKey(key);
  return `${name}+${keyHash(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

/** A verifier key read back: its name, key hash and Ed25519 public key. */
export interface ParsedVerifierKey {
  name: string;
  keyHash: Buffer;
  publicKey: KeyObject;
}

/** Parses a verifier key; throws on any other shape or a key hash that does not match. */
export function parseVerifierKey(text: string): ParsedVerifierKey {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) throw new Error('a verifier key reads <name>+<8 hex digits>+<base64 key>');
  const [, name, hash, encoded] = match;
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 33 || key[0] !== ED25519) throw new Error('the verifier key is not an Ed25519 key (0x01 and 32 bytes)');
  const raw = key.subarray(1);
  if (keyHash(name, raw).toString('hex') !== hash) throw new Error('the verifier key hash does not match its name and key');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  return { name, keyHash: Buffer.from(hash, 'hex'), publicKey };
}

/** Signs a note text (which ends with a newline) with one Ed25519 signature line. */
export function signNote(text: string, name: string, privateKey: KeyObject): string {
  if (!text.endsWith('\n')) throw new Error('a note text ends with a newline');
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const blob = Buffer.concat([keyHash(name, rawPublicKey(privateKey)), signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${name} ${blob}\n`;
}

/** A note split into its text and signature lines. */
export interface ParsedNote {
  text: string;
  signatures: { name: string; keyHash: Buffer; signature: Buffer }[];
}

/** Splits a signed note at its last blank line; throws when it has no well-formed signature. */
export function parseNote(note: string): ParsedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures = lines.map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
    const blob = match ? Buffer.from(match[2], 'base64') : Buffer.alloc(0);
    if (!match || blob.length < 5) throw new Error(`not a signature line: ${line.slice(0, 80)}`);
    return { name: match[1], keyHash: blob.subarray(0, 4), signature: blob.subarray(4) };
  });
  return { text, signatures };
}

/** True when `note` carries a valid signature by `key` (matched by name and key hash). */
export function verifyNote(note: string, key: ParsedVerifierKey): boolean {
  const parsed = parseNote(note);
  return parsed.signatures.some((s) => s.name === key.name && s.keyHash.equals(key.keyHash)
    && s.signature.length === 64 && verify(null, Buffer.from(parsed.text, 'utf8'), key.publicKey, s.signature));
}

/** Reads the checkpoint a note's text states (origin, size, root); throws on another shape. */
export function parseCheckpoint(text: string): Checkpoint {
  const match = /^([^\n]+)\n(0|[1-9]\d{0,15})\n([A-Za-z0-9+/]{43}=)\n/.exec(text);
  if (!match) throw new Error('not a tlog checkpoint: <origin>, <tree size>, <base64 root hash> lines');
  const treeSize = Number(match[2]);
  if (!Number.isSafeInteger(treeSize)) throw new Error('the checkpoint tree size is too large');
  return { origin: match[1], treeSize, rootHash: Buffer.from(match[3], 'base64') };
}
