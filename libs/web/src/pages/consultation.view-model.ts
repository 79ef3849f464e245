import type { ContributionCounts, ContributionItem, Page, Tally, TimelineItem, UpcomingDeadline } from '@consult/projections';
import type { ConsultationView, LaunchData } from '@consult/workflows';
import { barChart } from './bar-chart';
import { Formatter, type ShownDate, knownZone } from './format';
import { LABELS, type Labels, fill, labelOf } from './labels';
import type { Language } from './languages';
import type { ConsultationInput } from './page-input';
import { type PageShell, type Paging, hrefOf, liveTrigger, localised, pageShell, paging } from './page-shell';
import { type ShownItem, shownTimeline } from './timeline.view-model';

/** What the consultation page is drawn from: the replayed view and the read models. */
export interface ConsultationData {
  id: string;
  launch: LaunchData;
  view: ConsultationView;
  timeline: TimelineItem[];
  counts: ContributionCounts;
  contributions: Page<ContributionItem>;
  deadlines: UpcomingDeadline[];
}

/** One breakdown of the contributions: a chart and the same figures as a table. */
export interface CountsBlock {
  id: string;
  heading: string;
  svg: string;
  rows: { label: string; submitted: string; published: string }[];
}

/** `GET /consultations/:id`; its paging is the published contributions'. */
export interface ConsultationPage extends PageShell, Paging {
  id: string;
  title: { text: string; lang: string };
  reference: string;
  workflow: string;
  status: string;
  timesIn: string;
  timeline: ShownItem[];
  upcoming: { label: string; at: ShownDate; countdown: string }[];
  drafts: { heading: string; at: ShownDate; sections: { number: string; title: string }[] }[];
  counts: CountsBlock[];
  contributions: { kind: string; section: string; author: string; language: string; text: string; at: ShownDate }[];
  decisions: { heading: string; reference: string; note: string; at: ShownDate }[];
  links: { ics: string; audit: string; webcal: string };
  regionHref: (region: string) => string;
  triggers: Record<Region, string>;
}

/** The parts of the consultation page that refresh themselves, each from `/consultations/:id/regions/<region>`. */
export const REGIONS = ['summary', 'timeline', 'drafts', 'counts', 'contributions', 'decisions'] as const;
export type Region = (typeof REGIONS)[number];

/** Which events refresh each region (the summary and timeline change with almost every event). */
const TRIGGERS: Record<Region, string> = {
  summary: liveTrigger(),
  timeline: liveTrigger(),
  drafts: liveTrigger(['DraftPublished', 'FinalDraftPublished']),
  counts: liveTrigger(['ContributionSubmitted', 'ContributionsPublished']),
  contributions: liveTrigger(['ContributionsPublished']),
  decisions: liveTrigger(['CouncilDecisionRecorded']),
};

type Decision = { session?: string; outcome?: string; mode?: string; reference?: string; note?: string; recordedAt: string };

function countsBlock(id: string, heading: string, tallies: Record<string, Tally>, label: (key: string) => string, labels: Labels, format: Formatter): CountsBlock {
  const entries = Object.entries(tallies).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  const bars = entries.map(([key, tally]) => ({ label: label(key), value: tally.submitted, shown: format.number(tally.submitted) }));
  return {
    id, heading,
    svg: barChart(id, fill(labels.chartOf, { what: heading }), bars, format.lang === 'ar'),
    rows: entries.map(([key, tally]) => ({ label: label(key), submitted: format.number(tally.submitted), published: format.number(tally.published) })),
  };
}

function counts(data: ConsultationData, labels: Labels, format: Formatter): CountsBlock[] {
  if (data.counts.total === 0) return [];
  const none = (text: string) => text || labels.noneGiven;
  return [
    countsBlock('by-group', labels.byGroup, data.counts.byGroup, (g) => none(labelOf(labels.groups, g)), labels, format),
    countsBlock('by-kind', labels.byKind, data.counts.byKind, (k) => labelOf(labels.contributionKinds, k), labels, format),
    countsBlock('by-section', labels.bySection, data.counts.bySection, (s) => none(s), labels, format),
  ];
}

function decisions(view: ConsultationView, labels: Labels, format: Formatter, zone: string): ConsultationPage['decisions'] {
  const list = Array.isArray(view.decisions) ? (view.decisions as Decision[]) : [];
  return list.map((d) => ({
    heading: [d.session, labelOf(labels.outcomes, d.outcome), labelOf(labels.modes, d.mode)].filter(Boolean).join(' · '),
    reference: d.reference ?? '', note: d.note ?? '', at: format.date(d.recordedAt, zone),
  }));
}

function contributions(data: ConsultationData, labels: Labels, format: Formatter, zone: string): ConsultationPage['contributions'] {
  // The author's organisation or group, never a person's name: the page is public.
  return data.contributions.items.map((c) => ({
    kind: labelOf(labels.contributionKinds, c.kind), section: c.section ?? '',
    author: c.author.org ?? labelOf(labels.groups, c.author.group ?? ''), language: c.language, text: c.text,
    at: format.date(c.publishedAt ?? c.submittedAt, zone),
  }));
}

/** The request's Host when it is a plain host name or address (with a port), else `localhost`. */
const safeHost = (host: string): string => (/^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : 'localhost');

/** The consultation page's view model. */
export function consultationPage(data: ConsultationData, input: ConsultationInput, lang: Language, now: Date, host: string): ConsultationPage {
  const labels = LABELS[lang];
  const format = new Formatter(lang, now);
  const zone = knownZone(data.launch.timezone);
  const path = `/consultations/${encodeURIComponent(data.id)}`;
  const title = localised(data.launch.title, lang);
  const pagingParams = { limit: input.limit === 20 ? undefined : input.limit };
  const shell = pageShell(lang, now, `${title.text} · ${labels.siteName}`, path, { ...pagingParams, offset: input.offset || undefined },
    hrefOf('/api/events/stream', { consultationId: data.id }));
  const state = labelOf(labels.states, data.view.state);
  const at = { offset: input.offset, limit: input.limit, shown: data.contributions.items.length, total: data.contributions.total };
  return {
    ...shell,
    ...paging(path, { ...pagingParams, lang }, at, labels.showing, format),
    id: data.id, title, reference: data.launch.reference ?? '', workflow: labelOf(labels.workflows, data.launch.workflow),
    status: data.view.phase ? `${state} · ${data.view.phase}` : state,
    timesIn: fill(labels.timesIn, { zone }),
    timeline: shownTimeline(data.timeline, labels, format, zone),
    upcoming: data.deadlines.map((d) => ({ label: labelOf(labels.deadlineKinds, d.kind), at: format.date(d.dueAt, zone), countdown: format.countdown(d.dueAt) })),
    drafts: data.view.drafts.map((d) => ({
      heading: `${labelOf(labels.draftKinds, d.kind)} ${d.documentRef}, ${fill(labels.version, { version: d.version })}`,
      at: format.date(d.publishedAt, zone), sections: d.sections ?? [],
    })),
    counts: counts(data, labels, format),
    contributions: contributions(data, labels, format, zone),
    decisions: decisions(data.view, labels, format, zone),
    links: { ics: `/api${path}/calendar.ics`, audit: `/api${path}/audit-report`, webcal: `webcal://${safeHost(host)}/api${path}/calendar.ics` },
    triggers: TRIGGERS,
    regionHref: (region) => hrefOf(`${path}/regions/${region}`, { ...pagingParams, lang, offset: input.offset || undefined }),
  };
}
