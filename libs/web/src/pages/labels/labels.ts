/** Every text the pages show, in one language; `{name}` marks a value filled in. */
export interface Labels {
  /** The colon between a label and its value, as the language writes it (French spaces it, Chinese uses a full-width one). */
  colon: string;
  languageName: string;
  siteName: string;
  skipLink: string;
  languageMenu: string;
  footer: string;
  /** Added to the footer on the pages that follow the live stream (not on error pages), with the space before it that the language puts between sentences. */
  footerLive: string;
  liveUpdated: string;
  listTitle: string;
  listCaption: string;
  filters: string;
  state: string;
  workflow: string;
  search: string;
  anyState: string;
  anyWorkflow: string;
  apply: string;
  title: string;
  reference: string;
  status: string;
  nextDeadline: string;
  contributions: string;
  publishedCount: string;
  noDeadline: string;
  noConsultations: string;
  showing: string;
  paging: string;
  previous: string;
  next: string;
  phase: string;
  back: string;
  timesIn: string;
  timeline: string;
  planned: string;
  firstPlanned: string;
  actual: string;
  changes: string;
  reason: string;
  circularLetter: string;
  documents: string;
  participants: string;
  location: string;
  format: string;
  upcoming: string;
  noUpcoming: string;
  drafts: string;
  version: string;
  noDrafts: string;
  contributionsBy: string;
  byGroup: string;
  byKind: string;
  bySection: string;
  submitted: string;
  published: string;
  chartOf: string;
  noContributions: string;
  publishedContributions: string;
  author: string;
  section: string;
  language: string;
  noneGiven: string;
  decisions: string;
  outcome: string;
  mode: string;
  noDecisions: string;
  links: string;
  calendarDownload: string;
  calendarSubscribe: string;
  auditReport: string;
  notFoundTitle: string;
  notFound: string;
  badRequestTitle: string;
  badField: string;
  /** Why a value was refused (`PageInputError`'s reasons, and the edge's `notRepeated`, `plainName`). */
  inputReasons: Record<string, string>;
  /** A 404 outside /api that is no page of the dashboard. */
  noSuchPage: string;
  states: Record<string, string>;
  workflows: Record<string, string>;
  itemKinds: Record<string, string>;
  itemStatuses: Record<string, string>;
  changeKinds: Record<string, string>;
  deadlineKinds: Record<string, string>;
  formats: Record<string, string>;
  outcomes: Record<string, string>;
  modes: Record<string, string>;
  groups: Record<string, string>;
  contributionKinds: Record<string, string>;
  draftKinds: Record<string, string>;
}

/** `template` with each `{name}` replaced by `values[name]` (unknown names are left as written). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The label for `key` in `table`, else the key itself (a value a newer workflow added). */
export const labelOf = (table: Record<string, string>, key: string | null | undefined): string =>
  key == null || key === '' ? '' : table[key] ?? key;
