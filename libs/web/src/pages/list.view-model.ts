import type { ConsultationExtras, ConsultationSummaryRow, Page } from '@consult/projections';
import { Formatter, type ShownDate } from './format';
import { LABELS, fill, labelOf } from './labels';
import type { Language } from './languages';
import { KNOWN_STATES, KNOWN_WORKFLOWS, type ListInput } from './page-input';
import { type PageShell, type Paging, hrefOf, liveTrigger, localised, pageShell, paging } from './page-shell';

/** One consultation in the list. */
export interface ListRow {
  id: string;
  href: string;
  title: { text: string; lang: string };
  reference: string;
  workflow: string;
  status: string;
  next?: { label: string; at: ShownDate; countdown: string };
  contributions: string;
  published: string;
}

/** A choice in a filter's menu. */
export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

/** `GET /`: the list, its filters and its paging links. */
export interface ListPage extends PageShell, Paging {
  rows: ListRow[];
  fragmentHref: string;
  liveTrigger: string;
  filters: { q: string; states: Option[]; workflows: Option[] };
}

function options(values: readonly string[], labels: Record<string, string>, selected?: string): Option[] {
  return values.map((value) => ({ value, label: labelOf(labels, value), selected: value === selected }));
}

function row(summary: ConsultationSummaryRow, extras: ConsultationExtras, lang: Language, format: Formatter): ListRow {
  const labels = LABELS[lang];
  const deadline = extras.deadlines.get(summary.id)?.[0];
  const state = labelOf(labels.states, summary.state);
  return {
    id: summary.id,
    href: hrefOf(`/consultations/${encodeURIComponent(summary.id)}`, { lang }),
    title: localised(summary.title, lang),
    reference: summary.reference ?? '',
    workflow: labelOf(labels.workflows, summary.workflow),
    status: summary.phase ? `${state} · ${summary.phase}` : state,
    next: deadline && {
      label: labelOf(labels.deadlineKinds, deadline.kind),
      at: format.date(deadline.dueAt, deadline.timezone),
      countdown: format.countdown(deadline.dueAt),
    },
    contributions: format.number(summary.contributions),
    published: fill(labels.publishedCount, { count: format.number(extras.published.get(summary.id) ?? 0) }),
  };
}

/** The list page's view model from one page of summaries and their extras. */
export function listPage(input: ListInput, lang: Language, page: Page<ConsultationSummaryRow>, extras: ConsultationExtras, now: Date): ListPage {
  const format = new Formatter(lang, now);
  const filters = { state: input.state, workflow: input.workflow, q: input.q, limit: input.limit === 50 ? undefined : input.limit };
  const shell = pageShell(lang, now, LABELS[lang].listTitle, '/', { ...filters, offset: input.offset || undefined }, '/api/events/stream');
  const at = { offset: input.offset, limit: input.limit, shown: page.items.length, total: page.total };
  return {
    ...shell,
    ...paging('/', { ...filters, lang }, at, shell.labels.showing, format),
    rows: page.items.map((summary) => row(summary, extras, lang, format)),
    liveTrigger: liveTrigger(),
    fragmentHref: hrefOf('/fragments/consultations', { ...filters, lang, offset: input.offset || undefined }),
    filters: {
      q: input.q ?? '',
      states: options(KNOWN_STATES, shell.labels.states, input.state),
      workflows: options(KNOWN_WORKFLOWS, shell.labels.workflows, input.workflow),
    },
  };
}
