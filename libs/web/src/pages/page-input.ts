import { workflows } from '@consult/workflows';
import { type Language, isLanguage } from './languages';

/** Why a query value was refused; each has a text in every language (`Labels.inputReasons`). */
export type InputReason = 'once' | 'tooLong' | 'wholeNumber' | 'oneOf' | 'wellFormedText';

/** The English texts, for logs and the error's message. */
const ENGLISH_REASONS: Record<InputReason, string> = {
  once: 'give it once, as text', tooLong: 'at most {max} characters', wholeNumber: 'a whole number from {min} to {max}',
  oneOf: 'one of {choices}', wellFormedText: 'text without U+0000 or an unpaired UTF-16 surrogate',
};

/** A query value a page cannot use: answered with a 400 page naming the field, in the reader's language. */
export class PageInputError extends Error {
  constructor(readonly field: string, readonly reason: InputReason, readonly params: Readonly<Record<string, string | number>> = {}) {
    super(`${field}: ${ENGLISH_REASONS[reason].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]))}`);
  }
}

/** What `GET /` reads from its query. */
export interface ListInput {
  lang?: Language;
  state?: string;
  workflow?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** What `GET /consultations/:id` reads from its query (the published contributions' page). */
export interface ConsultationInput {
  lang?: Language;
  limit: number;
  offset: number;
}

type Query = Record<string, unknown>;

/** Every state any workflow version names, and every workflow name: the filters' choices. */
export const KNOWN_STATES: readonly string[] = [...new Set(workflows.flatMap((w) => Object.keys(w.machine.root.states)))].sort();
export const KNOWN_WORKFLOWS: readonly string[] = [...new Set(workflows.map((w) => w.name))].sort();

/** The largest page offset (as the API's). */
const MAX_OFFSET = 1_000_000_000;

function text(query: Query, field: string, max: number): string | undefined {
  const value = query[field];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new PageInputError(field, 'once');
  if (value.length > max) throw new PageInputError(field, 'tooLong', { max });
  return value;
}

function integer(query: Query, field: string, min: number, max: number, fallback: number): number {
  const value = text(query, field, 16);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new PageInputError(field, 'wholeNumber', { min, max });
  }
  return Number(value);
}

function oneOf(query: Query, field: string, allowed: readonly string[]): string | undefined {
  const value = text(query, field, 128);
  if (value !== undefined && !allowed.includes(value)) throw new PageInputError(field, 'oneOf', { choices: allowed.join(', ') });
  return value;
}

function language(query: Query): Language | undefined {
  const value = text(query, 'lang', 16);
  if (value !== undefined && !isLanguage(value)) throw new PageInputError('lang', 'oneOf', { choices: 'ar, en, es, fr, ru, zh' });
  return value as Language | undefined;
}

/** `GET /`'s query, checked: throws `PageInputError` naming the first bad field. */
export function parseListInput(query: Query): ListInput {
  return {
    lang: language(query),
    state: oneOf(query, 'state', KNOWN_STATES),
    workflow: oneOf(query, 'workflow', KNOWN_WORKFLOWS),
    q: text(query, 'q', 200),
    limit: integer(query, 'limit', 1, 100, 50),
    offset: integer(query, 'offset', 0, MAX_OFFSET, 0),
  };
}

/** `GET /consultations/:id`'s query, checked. */
export function parseConsultationInput(query: Query): ConsultationInput {
  return {
    lang: language(query),
    limit: integer(query, 'limit', 1, 100, 20),
    offset: integer(query, 'offset', 0, MAX_OFFSET, 0),
  };
}
