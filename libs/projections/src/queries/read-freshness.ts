import type { Freshness } from '../freshness';

/**
 * What a query waits on before it reads: the read models' projector, wherever it runs.
 * Its `catchUp()` waits a bounded time and resolves with how far the read models got.
 */
export interface ReadModelsCatchUp {
  catchUp(): Promise<Freshness>;
}

/** A query's answer and how current the read models behind it were. */
export interface Read<T> {
  value: T;
  freshness: Freshness;
}

/** A page of a longer list: `total` matches the filters, `items` is the page. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Waits (bounded) for the read models and says how current they are. */
export const catchUp = (readModels: ReadModelsCatchUp): Promise<Freshness> => readModels.catchUp();
