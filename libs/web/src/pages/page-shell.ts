import { LABELS, type Labels, fill } from './labels';
import { LANGUAGES, type Language, directionOf } from './languages';
import { PUBLIC_EVENT_TYPES } from '../live';

/** A link to the same page in another language. */
export interface LanguageLink {
  lang: Language;
  name: string;
  href: string;
  current: boolean;
}

/** What the layout needs: language, direction, labels, the language menu and the live stream. */
export interface PageShell {
  lang: Language;
  dir: 'ltr' | 'rtl';
  labels: Labels;
  documentTitle: string;
  languages: LanguageLink[];
  /** The server's time when it drew the page (its clock may be a manual one). */
  now: string;
  /** The event stream the page listens to; absent on error pages. */
  streamUrl?: string;
}

/**
 * The `hx-trigger` that refreshes a region when the stream sends one of `types` (default:
 * any public event). Types the stream does not send are left out.
 */
export function liveTrigger(types: readonly string[] = PUBLIC_EVENT_TYPES): string {
  return types.filter((type) => PUBLIC_EVENT_TYPES.includes(type)).map((type) => `sse:${type}`).join(', ');
}

/** `path` with the query `params` (empty values left out), for links that keep the reader's filters. */
export function hrefOf(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The layout's data for a page at `path` whose other query values are `params`. */
export function pageShell(
  lang: Language, now: Date, documentTitle: string, path: string, params: Record<string, string | number | undefined>, streamUrl?: string,
): PageShell {
  return {
    lang, dir: directionOf(lang), labels: LABELS[lang], documentTitle, streamUrl, now: now.toISOString(),
    languages: LANGUAGES.map((other) => ({
      lang: other, name: LABELS[other].languageName, href: hrefOf(path, { ...params, lang: other }), current: other === lang,
    })),
  };
}

/** A title in the reader's language, else English, else any it has, with the language it is in. */
export function localised(title: Record<string, string> | null | undefined, lang: Language): { text: string; lang: string } {
  const texts = title ?? {};
  if (texts[lang]) return { text: texts[lang], lang };
  if (texts.en) return { text: texts.en, lang: 'en' };
  const [first] = Object.entries(texts);
  return first ? { text: first[1], lang: first[0] } : { text: '', lang };
}

/** A page's place in a longer list: "1–50 of 10,000" and the links either side. */
export interface Paging {
  showing: string;
  previousHref?: string;
  nextHref?: string;
}

/**
 * "from–to of total" in the reader's digits, and links to the previous and next pages of
 * `path` keeping `params` (the filters and the language).
 */
export function paging(
  path: string, params: Record<string, string | number | undefined>, at: { offset: number; limit: number; shown: number; total: number },
  showing: string, format: { number(value: number): string },
): Paging {
  const last = Math.min(at.offset + at.shown, at.total);
  return {
    showing: fill(showing, { from: format.number(at.shown ? at.offset + 1 : 0), to: format.number(last), total: format.number(at.total) }),
    previousHref: at.offset > 0 ? hrefOf(path, { ...params, offset: Math.max(0, at.offset - at.limit) || undefined }) : undefined,
    nextHref: last < at.total ? hrefOf(path, { ...params, offset: at.offset + at.limit }) : undefined,
  };
}
