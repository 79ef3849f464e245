/** How long a read waits for the read models by default before it answers from what they hold. */
export const READ_MODEL_WAIT_MS = 2000;

/**
 * What a bounded wait for the read models found: `fresh` when they include every event up
 * to `head` (the position waited for); otherwise they stopped at `checkpoint`.
 */
export interface Freshness {
  fresh: boolean;
  checkpoint: number;
  head: number;
}

/** The `X-Read-Model-Stale` header's value (`<checkpoint>/<head>`), or undefined when fresh. */
export function staleHeader(freshness: Freshness): string | undefined {
  return freshness.fresh ? undefined : `${freshness.checkpoint}/${freshness.head}`;
}
