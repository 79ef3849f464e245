/** How current the read models were when a query read them. */
export interface ReadFreshness {
  /** True when every event stored before the query was in the read models. */
  fresh: boolean;
  /** The last store position in the read models. */
  checkpoint: number;
  /** The store's head position when the query asked. */
  head: number;
}

/**
 * What a query waits on before it reads: the read models' projector, wherever it runs.
 * Its `catchUp()` waits a bounded time and resolves with how far it got; a projector
 * that resolves with nothing counts as caught up.
 */
export interface ReadModelsCatchUp {
  catchUp(): Promise<ReadFreshness | void>;
}

/** A query's answer and how current the read models behind it were. */
export interface Read<T> {
  value: T;
  freshness: ReadFreshness;
}

/** A page of a longer list: `total` matches the filters, `items` is the page. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Waits for the read models (bounded) and says how current they are. */
export async function catchUp(readModels: ReadModelsCatchUp): Promise<ReadFreshness> {
  const result = await readModels.catchUp();
  if (result && typeof result === 'object' && typeof result.fresh === 'boolean') return result;
  return { fresh: true, checkpoint: -1, head: -1 };
}
