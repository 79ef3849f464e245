import type { ConsultationRef, NotificationLanguage, NotificationParams } from '../notification.types';
import { INTL_LOCALES, localTime, span } from './format-values';

/** Looks a text up in the reader's language (the renderer binds it). */
export type Translate = (key: string, values?: Record<string, unknown>) => string;
/** Checks a text exists, so an unknown group or format shows its key rather than a path. */
export type Exists = (key: string) => boolean;

export type RenderValues = Record<string, string | number | boolean>;

/** Select values may not contain `-` in ICU: `further-consultation` is selected as `further_consultation`. */
const SELECT_PARAMS = new Set(['outcome', 'mode', 'targetKind']);
const FORMAT_PARAMS = new Set(['format', 'previousFormat']);

/** A multilingual text in the reader's language, else English, else the first one given. */
export function pickLanguage(texts: Record<string, string> | undefined, lang: string): string | undefined {
  if (!texts) return undefined;
  return texts[lang] ?? texts.en ?? Object.values(texts).find((text) => typeof text === 'string' && text !== '');
}

/** Flat params with every `<name>.<lang>` group resolved to `<name>` in the reader's language. */
export function resolveLocalised(params: NotificationParams, lang: string): NotificationParams {
  const plain: NotificationParams = {};
  const localised: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(params)) {
    const dot = key.lastIndexOf('.');
    if (dot > 0 && typeof value === 'string') (localised[key.slice(0, dot)] ??= {})[key.slice(dot + 1)] = value;
    else plain[key] = value;
  }
  for (const [name, texts] of Object.entries(localised)) plain[name] ??= pickLanguage(texts, lang) ?? null;
  // A phase or a reminder target without a title is named by its key.
  if (plain.phaseKey != null) plain.phaseTitle ??= plain.phaseKey;
  if (plain.targetKey != null) plain.targetTitle ??= plain.targetKey;
  return plain;
}

const listFormats = new Map<string, Intl.ListFormat>();
function joinList(items: string[], lang: NotificationLanguage): string {
  let format = listFormats.get(lang);
  if (!format) listFormats.set(lang, (format = new Intl.ListFormat(INTL_LOCALES[lang], { type: 'conjunction', style: 'long' })));
  return format.format(items);
}

/** What `present` needs besides the value: the reader, the consultation and the texts. */
interface Reader {
  lang: NotificationLanguage;
  consultation: ConsultationRef;
  t: Translate;
  exists: Exists;
}

/**
 * The values a text receives: every param, put into the reader's words (dates in the
 * consultation's zone, formats and groups translated), plus `has<Param>` for the optional
 * ones, and `span` ("7 days") for a reminder's offset.
 */
export function renderValues(
  params: NotificationParams, lang: NotificationLanguage, consultation: ConsultationRef, t: Translate, exists: Exists,
): RenderValues {
  const reader: Reader = { lang, consultation, t, exists };
  const values: RenderValues = {
    consultationTitle: pickLanguage(consultation.title, lang) ?? consultation.id,
    consultationReference: consultation.reference ?? '',
  };
  for (const [key, value] of Object.entries(resolveLocalised(params, lang))) {
    values[`has${key.charAt(0).toUpperCase()}${key.slice(1)}`] = value !== null && value !== '';
    values[key] = present(key, value, reader);
  }
  if ('offset' in params) values.span = t('span', span(typeof params.offset === 'string' ? params.offset : null));
  return values;
}

/** One param in the reader's words; a param the texts do not know how to present is passed as it is. */
function present(key: string, value: string | number | boolean | null, reader: Reader): string | number | boolean {
  if (value === null) return '';
  if (typeof value !== 'string') return value;
  const term = (prefix: string, item: string) => (reader.exists(`${prefix}/${item}`) ? reader.t(`${prefix}/${item}`) : item);
  if (key.endsWith('At')) {
    const local = localTime(value, reader.consultation.timezone, reader.lang);
    return local ? reader.t('zone', { date: local.date, zone: local.zone }) : value;
  }
  if (FORMAT_PARAMS.has(key)) return term('format', value);
  if (key === 'addressees') return joinList(value.split(',').filter(Boolean).map((group) => term('group', group)), reader.lang);
  return SELECT_PARAMS.has(key) ? value.replace(/-/g, '_') : value;
}
