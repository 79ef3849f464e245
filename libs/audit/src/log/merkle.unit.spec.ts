import { createHash, randomBytes } from 'node:crypto';
import { MerkleAccumulator } from './merkle-accumulator';
import { consistencyProof, inMemorySubtrees, inclusionProof } from './merkle-proofs';
import { eventLeafHash, hashChildren, hashLeaf, merkleTreeHash, verifyConsistency, verifyInclusion } from './merkle';

/*
 * An independent reading of RFC 9162 §2.1, written from the text and sharing no code with the
 * engine: MTH, PATH and PROOF over the raw entries, and the two verification algorithms.
 */
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const rfcLeaf = (d: Buffer) => sha(Buffer.from([0]), d);
const rfcNode = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const k = (n: number) => { let p = 1; while (p * 2 < n) p *= 2; return p; };
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return sha();
  if (D.length === 1) return rfcLeaf(D[0]);
  return rfcNode(MTH(D.slice(0, k(D.length))), MTH(D.slice(k(D.length))));
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  if (D.length <= 1) return [];
  const s = k(D.length);
  return m < s ? [...PATH(m, D.slice(0, s)), MTH(D.slice(s))] : [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))];
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  if (m === D.length) return b ? [] : [MTH(D)];
  const s = k(D.length);
  return m <= s ? [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))] : [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))];
}
const lsb = (x: number) => x % 2 === 1;
function rfcVerifyInclusion(index: number, size: number, hash: Buffer, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index; let sn = size - 1; let r = hash;
  for (const p of path) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = rfcNode(p, r);
      if (!lsb(fn)) while (!(lsb(fn) || fn === 0)) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else r = rfcNode(r, p);
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}
function rfcVerifyConsistency(first: number, second: number, firstHash: Buffer, secondHash: Buffer, proof: Buffer[]): boolean {
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : proof;
  let fn = first - 1; let sn = second - 1;
  while (lsb(fn)) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = path[0]; let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = rfcNode(c, fr); sr = rfcNode(c, sr);
      if (!lsb(fn)) while (!(lsb(fn) || fn === 0)) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else sr = rfcNode(sr, c);
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0;
}

/** The Certificate Transparency reference vectors (RFC 6962 hashing, the same as RFC 9162). */
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const entries = Array.from({ length: 70 }, (_, i) => randomBytes(32 + (i % 3)));
const leafHashes = entries.map((d) => hashLeaf(d));
const subtrees = inMemorySubtrees(leafHashes);

describe('RFC 9162 Merkle tree hashing', () => {
  it('gives the Certificate Transparency reference roots for 1 to 8 entries', () => {
    for (let n = 1; n <= 8; n += 1) {
      expect(merkleTreeHash(CT_LEAVES.slice(0, n).map(hashLeaf)).toString('hex')).toBe(CT_ROOTS[n - 1]);
    }
    expect(merkleTreeHash([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('computes the same MTH as the RFC definition for every size up to 70', () => {
    for (let n = 0; n <= 70; n += 1) expect(merkleTreeHash(leafHashes.slice(0, n)).equals(MTH(entries.slice(0, n)))).toBe(true);
  });

  it('builds the same roots incrementally as from scratch', () => {
    const acc = new MerkleAccumulator();
    leafHashes.forEach((leaf, i) => {
      acc.append(leaf);
      expect(acc.root().equals(MTH(entries.slice(0, i + 1)))).toBe(true);
    });
  });

  it('resumes from a frontier exactly where it stopped', () => {
    const first = new MerkleAccumulator();
    leafHashes.slice(0, 37).forEach((leaf) => first.append(leaf));
    const resumed = new MerkleAccumulator(37, first.nodes());
    leafHashes.slice(37).forEach((leaf) => resumed.append(leaf));
    expect(resumed.root().equals(MTH(entries))).toBe(true);
  });

  it('answers inclusion proofs equal to PATH that the independent verifier accepts', async () => {
    for (const n of [1, 2, 3, 5, 7, 8, 9, 16, 31, 64, 70]) {
      const root = MTH(entries.slice(0, n));
      for (let m = 0; m < n; m += 1) {
        const proof = await inclusionProof(m, n, subtrees);
        expect(proof.map((h) => h.toString('hex'))).toEqual(PATH(m, entries.slice(0, n)).map((h) => h.toString('hex')));
        expect(rfcVerifyInclusion(m, n, rfcLeaf(entries[m]), proof, root)).toBe(true);
        expect(verifyInclusion(m, n, leafHashes[m], proof, root)).toBe(true);
      }
    }
  });

  it('answers consistency proofs equal to PROOF that the independent verifier accepts', async () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 17, 32, 33, 70]) {
      for (let m = 1; m <= n; m += 1) {
        const proof = await consistencyProof(m, n, subtrees);
        expect(proof.map((h) => h.toString('hex'))).toEqual(SUBPROOF(m, entries.slice(0, n), true).map((h) => h.toString('hex')));
        const [oldRoot, newRoot] = [MTH(entries.slice(0, m)), MTH(entries.slice(0, n))];
        expect(rfcVerifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
      }
    }
  });

  it('refuses proofs of a changed entry, a wrong index or a wrong size', async () => {
    const root = MTH(entries.slice(0, 13));
    const proof = await inclusionProof(5, 13, subtrees);
    expect(verifyInclusion(5, 13, hashLeaf(Buffer.from('forged')), proof, root)).toBe(false);
    expect(verifyInclusion(6, 13, leafHashes[5], proof, root)).toBe(false);
    expect(verifyInclusion(5, 17, leafHashes[5], proof, root)).toBe(false);
    expect(verifyInclusion(13, 13, leafHashes[5], proof, root)).toBe(false);
    const tampered = [...entries.slice(0, 13)];
    tampered[4] = Buffer.from('rewritten');
    const consistency = await consistencyProof(6, 13, subtrees);
    expect(verifyConsistency(6, 13, MTH(tampered.slice(0, 6)), root, consistency)).toBe(false);
    expect(verifyConsistency(6, 13, MTH(entries.slice(0, 6)), MTH(tampered), consistency)).toBe(false);
    expect(verifyConsistency(6, 13, MTH(entries.slice(0, 6)), root, consistency.slice(1))).toBe(false);
  });
});

describe('the one-shot hashing over a shared input buffer', () => {
  it('hashes leaves, nodes and events as RFC 9162 does, call after call, whatever the input sizes', () => {
    for (let i = 0; i < 50; i += 1) {
      const [a, b, odd] = [randomBytes(32), randomBytes(32), randomBytes(i)];
      expect(hashChildren(a, b).equals(rfcNode(a, b))).toBe(true);
      expect(hashLeaf(a).equals(rfcLeaf(a))).toBe(true);
      expect(hashLeaf(odd).equals(rfcLeaf(odd))).toBe(true);
      expect(hashChildren(odd, a).equals(rfcNode(odd, a))).toBe(true);
      expect(eventLeafHash(b.toString('hex').toUpperCase()).equals(rfcLeaf(b))).toBe(true);
    }
  });

  it('refuses an event hash that is not 64 hex characters, wherever the fault is', () => {
    const hex = randomBytes(32).toString('hex');
    for (const bad of [hex.slice(1), `${hex}0`, `z${hex.slice(1)}`, `${hex.slice(0, 31)}g${hex.slice(32)}`, `${hex.slice(0, 63)}-`, '']) {
      expect(() => eventLeafHash(bad)).toThrow(/not a 32-byte hex hash/);
    }
  });
});
