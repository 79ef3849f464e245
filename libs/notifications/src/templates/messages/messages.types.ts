import type { NotificationType } from '../../notification.types';

/** A notification type's words: ICU MessageFormat strings. */
export interface TypeMessages {
  title: string;
  body: string;
}

/**
 * Everything one language says. Typed, so a language missing a text does not compile.
 * Values the texts receive: see `render-values.ts` (dates already formatted, `has<Param>`
 * flags for optional params, `-` in select values turned into `_`).
 */
export interface Messages {
  types: Record<NotificationType, TypeMessages>;
  /** Meeting formats, as an adverbial phrase ("in person"), used after "held" and in brackets. */
  format: Record<'physical' | 'virtual' | 'hybrid', string>;
  /** Stakeholder groups, as the addressees of a circular letter. */
  group: Record<
    | 'member-state' | 'sector-member' | 'associate' | 'academia' | 'observer' | 'civil-society'
    | 'private-sector' | 'technical-community' | 'international-organization',
    string
  >;
  /** How long before: `{amount}` in `{unit}` = day | hour | minute. */
  span: string;
  /** Between a date and its time zone. */
  zone: string;
}
