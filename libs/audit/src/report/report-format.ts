import type { Actor } from '@consult/event-store';
import type { AuditedValue, FieldChange } from '../history/changes';
import { type SafeHtml, html } from './html';
import type { ReportLabels } from './report-labels';

/** An ISO 8601 date-time as the engine writes them (a date alone is not an instant). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Formats instants in the consultation's time zone, in the report's language. */
export class ReportFormat {
  private readonly dates: Intl.DateTimeFormat;

  readonly timeZone: string;

  constructor(readonly labels: ReportLabels, timeZone: unknown) {
    this.timeZone = knownTimeZone(timeZone);
    this.dates = new Intl.DateTimeFormat(labels.locale, { timeZone: this.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  }

  /** `<time datetime="ISO">` with the local wall-clock time as its text. */
  time(iso: string): SafeHtml {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? html`${iso}` : html`<time datetime="${iso}">${this.dates.format(ms)}</time>`;
  }

  /** A code (state, outcome, format, role, event type) in the report's language, or as it is. */
  term(code: string): string {
    return Object.hasOwn(this.labels.terms, code) ? this.labels.terms[code] : code;
  }

  value(value: AuditedValue): SafeHtml {
    if (value === null) return html`<span class="none">${this.labels.none}</span>`;
    if (typeof value === 'string' && INSTANT.test(value)) return this.time(value);
    return html`${typeof value === 'string' ? this.term(value) : String(value)}`;
  }

  /** `Meeting ocm-1: starts` for `meetings[ocm-1].startsAt`. */
  field(path: string): SafeHtml {
    const item = /^(\w+)\[(.*)\]\.(\w+)$/.exec(path);
    if (item) return html`${this.fieldPart(item[1])} <bdi>${item[2]}</bdi>: ${this.fieldPart(item[3])}`;
    const member = /^(\w+)\.(\w+)$/.exec(path);
    if (member) return html`${this.fieldPart(member[1])}: ${this.fieldPart(member[2])}`;
    return html`${this.fieldPart(path)}`;
  }

  change(change: FieldChange): SafeHtml {
    return html`<li><span class="field">${this.field(change.field)}</span>: <del>${this.value(change.from)}</del> ${this.labels.arrow} <ins>${this.value(change.to)}</ins></li>`;
  }

  actor(actor: Actor): SafeHtml {
    const who = actor.name ?? actor.sub;
    const where = [actor.org, actor.group].filter(Boolean).join(', ');
    return html`<bdi>${who}</bdi> <span class="role">(${this.term(actor.role)}${where ? html`, <bdi>${where}</bdi>` : ''})</span>`;
  }

  private fieldPart(name: string): string {
    return Object.hasOwn(this.labels.fields, name) ? this.labels.fields[name] : name;
  }
}

/** The zone the report's times are shown in (UTC when the runtime does not know the consultation's). */
export function knownTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string') return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
