import { EventStore, GENESIS_HASH, chainHash } from '@consult/event-store';
import { hashLeaf } from './merkle';

/** The log as its events say it should be: leaf hashes re-derived from content, and where each came from. */
export interface RecomputedLog {
  leaves: Buffer[];
  /** `stream@revision` of each leaf, for reports. */
  origins: string[];
}

/**
 * Re-hashes every event's canonical content and re-derives each stream's chain from the
 * genesis hash, never reading a stored hash field: a database edit that recomputed every
 * stored hash still changes these leaves. Leaves follow the store's position order.
 */
export async function recomputeLog(store: EventStore, onPage: (done: number) => void = () => undefined, pageSize = 5000): Promise<RecomputedLog> {
  const heads = new Map<string, string>();
  const leaves: Buffer[] = [];
  const origins: string[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) return { leaves, origins };
    for (const event of page) {
      const hash = chainHash(heads.get(event.stream) ?? GENESIS_HASH, event.stream, event.revision, event);
      heads.set(event.stream, hash);
      leaves.push(hashLeaf(Buffer.from(hash, 'hex')));
      origins.push(`${event.stream}@${event.revision}`);
    }
    after = page[page.length - 1].position;
    onPage(leaves.length);
  }
}
