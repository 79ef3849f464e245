import { createHash } from 'node:crypto';

/*
 * A small verifier written from the text of RFC 9162 (§2.1.3.2 and §2.1.4.2), for tests:
 * it shares no code with the engine, so an engine bug cannot make both sides agree.
 */
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const half = (x: number) => Math.floor(x / 2);
const lsb = (x: number) => x % 2 === 1;

/** The leaf hash of an event: SHA-256(0x00 || its 32-byte chain hash). */
export const leafOfEvent = (hexHash: string) => sha(Buffer.from([0]), Buffer.from(hexHash, 'hex'));

export function rfcVerifyInclusion(index: number, size: number, leaf: Buffer, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let [fn, sn, r] = [index, size - 1, leaf];
  for (const p of path) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = node(p, r);
      if (!lsb(fn)) while (!lsb(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else r = node(r, p);
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && r.equals(root);
}

export function rfcVerifyConsistency(first: number, second: number, firstRoot: Buffer, secondRoot: Buffer, proof: Buffer[]): boolean {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : proof;
  let [fn, sn] = [first - 1, second - 1];
  while (lsb(fn)) [fn, sn] = [half(fn), half(sn)];
  let [fr, sr] = [path[0], path[0]];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      [fr, sr] = [node(c, fr), node(c, sr)];
      if (!lsb(fn)) while (!lsb(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else sr = node(sr, c);
    [fn, sn] = [half(fn), half(sn)];
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
