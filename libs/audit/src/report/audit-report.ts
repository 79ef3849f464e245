import type { HistoryEntry } from '../history/history-entries';
import { type SafeHtml, html } from './html';
import { ReportFormat } from './report-format';
import { type ReportLanguage, reportLabels } from './report-labels';

/** Where the api serves the report's stylesheet (the page's policy allows no inline style). */
export const AUDIT_REPORT_STYLESHEET = '/assets/audit-report.css';

/** What `verify` found, as AuditService answers it. */
export interface ReportVerification {
  ok: boolean;
  events: number;
  problems: { stream: string; revision: number; problem: string; detail: string }[];
}

/** The latest signed checkpoint of the whole log, as the report shows it. */
export interface ReportCheckpoint {
  treeSize: number;
  /** Base64, as in the note. */
  rootHash: string;
  issuedAt: string;
  /** The C2SP signed note, verbatim. */
  note: string;
}

/** Everything the report is made of; rendering reads nothing else. */
export interface AuditReportInput {
  lang: ReportLanguage;
  consultationId: string;
  history: readonly HistoryEntry[];
  verification: ReportVerification;
  checkpoint?: ReportCheckpoint | null;
}

/**
 * The printable audit report of one consultation (HTML, its CSS a separate file): what it
 * is, whether it verifies, the checkpoint that covers it, the Council decisions and a
 * timeline of every event with who, when, why and what changed. Every text is escaped.
 */
export function renderAuditReport(input: AuditReportInput): string {
  const launch = (input.history[0]?.data ?? {}) as Record<string, unknown>;
  const format = new ReportFormat(reportLabels(input.lang), launch.timezone);
  const { labels } = format;
  const title = titleIn(launch.title, input.lang);
  return `<!DOCTYPE html>\n${html`<html lang="${input.lang}" dir="${labels.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${labels.heading}: ${title}</title>
<link rel="stylesheet" href="${AUDIT_REPORT_STYLESHEET}">
</head>
<body>
${header(input, format, title, launch)}
${verification(input.verification, format)}
${checkpoint(input, format)}
${decisions(input.history, format)}
${timeline(input.history, format)}
</body>
</html>
`}`;
}

function titleIn(title: unknown, lang: string): string {
  if (typeof title !== 'object' || title === null) return '';
  const texts = title as Record<string, string>;
  return texts[lang] ?? texts.en ?? Object.values(texts)[0] ?? '';
}

function header(input: AuditReportInput, format: ReportFormat, title: string, launch: Record<string, unknown>): SafeHtml {
  const { labels } = format;
  const last = input.history[input.history.length - 1];
  const fact = (label: string, value: unknown) => html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<header>
<p class="kind">${labels.heading}</p>
<h1>${title}</h1>
<dl class="facts">
${launch.reference !== undefined ? fact(labels.reference, html`<bdi>${launch.reference}</bdi>`) : ''}
${fact(labels.workflow, html`<bdi>${launch.workflow}@${launch.version}</bdi>`)}
${fact(labels.consultationId, html`<code>${input.consultationId}</code>`)}
${fact(labels.timezone, format.timeZone)}
${fact(labels.events, input.history.length)}
${last ? fact(labels.lastEvent, html`<code class="hash">${last.hash}</code>`) : ''}
</dl>
</header>`;
}

function verification(result: ReportVerification, format: ReportFormat): SafeHtml {
  const { labels } = format;
  const problems = result.problems.map((p) => html`<li><code>${p.stream}@${p.revision}</code> ${p.problem}: ${p.detail}</li>`);
  return html`<section id="verification" class="${result.ok ? 'verified' : 'failed'}">
<h2>${labels.verification}</h2>
<p class="verdict">${result.ok ? labels.verified : labels.notVerified} (${labels.eventsVerified}: ${result.events})</p>
${problems.length > 0 ? html`<h3>${labels.problems}</h3><ul class="problems">${problems}</ul>` : ''}
</section>`;
}

function checkpoint(input: AuditReportInput, format: ReportFormat): SafeHtml {
  const { labels } = format;
  const found = input.checkpoint;
  const last = input.history[input.history.length - 1];
  if (!found || !last || found.treeSize < last.position) {
    return html`<section id="checkpoint"><h2>${labels.checkpoint}</h2><p class="unavailable">${labels.noCheckpoint}</p></section>`;
  }
  return html`<section id="checkpoint">
<h2>${labels.checkpoint}</h2>
<dl class="facts">
<dt>${labels.origin}</dt><dd><bdi>${found.note.split('\n')[0]}</bdi></dd>
<dt>${labels.treeSize}</dt><dd>${found.treeSize}</dd>
<dt>${labels.rootHash}</dt><dd><code class="hash">${found.rootHash}</code></dd>
<dt>${labels.issuedAt}</dt><dd>${format.time(found.issuedAt)}</dd>
<dt>${labels.coversEvent}</dt><dd>${last.position}</dd>
</dl>
<pre class="note" dir="ltr">${found.note}</pre>
<p class="hint">${labels.checkpointHint}</p>
</section>`;
}

function decisions(history: readonly HistoryEntry[], format: ReportFormat): SafeHtml {
  const { labels } = format;
  const rows = history.filter((e) => e.type === 'CouncilDecisionRecorded').map((e) => html`<tr>
<td>${when(e, format)}</td><td><bdi>${e.data.session}</bdi></td><td>${format.term(String(e.data.outcome))}</td>
<td>${format.term(String(e.data.mode))}</td><td>${e.documents.map((d) => html`<bdi class="doc">${d}</bdi> `)}</td><td>${e.data.note}</td>
</tr>`);
  const table = html`<table><thead><tr><th>${labels.when}</th><th>${labels.session}</th><th>${labels.outcome}</th><th>${labels.mode}</th>
<th>${labels.reference}</th><th>${labels.note}</th></tr></thead><tbody>${rows}</tbody></table>`;
  return html`<section id="decisions"><h2>${labels.decisions}</h2>${rows.length > 0 ? table : html`<p>${labels.noDecisions}</p>`}</section>`;
}

function timeline(history: readonly HistoryEntry[], format: ReportFormat): SafeHtml {
  const { labels } = format;
  const rows = history.map((e) => html`<tr id="revision-${e.revision}">
<td class="revision">${e.revision}</td><td>${when(e, format)}</td><td>${format.term(e.type)}</td><td>${format.actor(e.actor)}</td>
<td>${e.reason !== undefined ? html`<bdi>${e.reason}</bdi>` : ''}</td>
<td>${e.changes.length > 0 ? html`<ul class="changes">${e.changes.map((c) => format.change(c))}</ul>` : ''}</td>
<td>${e.documents.map((d) => html`<bdi class="doc">${d}</bdi> `)}</td><td><code class="hash" title="${e.hash}">${e.hash.slice(0, 12)}</code></td>
</tr>`);
  return html`<section id="timeline"><h2>${labels.timeline}</h2>
<table><thead><tr><th>#</th><th>${labels.when}</th><th>${labels.what}</th><th>${labels.who}</th><th>${labels.why}</th>
<th>${labels.changed}</th><th>${labels.documents}</th><th>${labels.hash}</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function when(entry: HistoryEntry, format: ReportFormat): SafeHtml {
  const effective = entry.effectiveAt ? html`<br><span class="effective">${format.labels.effective} ${format.time(entry.effectiveAt)}</span>` : '';
  return html`${format.time(entry.recordedAt)}${effective}`;
}
