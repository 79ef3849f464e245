/**
 * The report's stylesheet, served as a file (`style-src 'self'` forbids inline style).
 * Logical properties (`inline-start`) so that the Arabic report mirrors without a second sheet.
 */
export const AUDIT_REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c8c8c8; --ok: #13652e; --bad: #a4161a; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "Noto Sans", "Segoe UI", "Noto Naskh Arabic", Tahoma, Arial, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 1rem; }
h2 { font-size: 1.15rem; border-block-end: 2px solid var(--ink); padding-block-end: 0.2rem; margin-block: 1.6rem 0.6rem; }
h3 { font-size: 1rem; }
.kind { text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
code, pre, .hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.85em; overflow-wrap: anywhere; }
/* Hashes, ids and notes read left to right in an Arabic page too (a base64 root kept its "=" at the end). */
code, pre { direction: ltr; unicode-bidi: isolate; }
td > code.hash { white-space: nowrap; }
pre.note { background: #f4f4f4; border: 1px solid var(--rule); padding: 0.6rem; white-space: pre-wrap; text-align: left; }
#verification.verified .verdict { color: var(--ok); font-weight: 600; }
#verification.failed .verdict { color: var(--bad); font-weight: 700; }
.unavailable { color: var(--bad); font-style: italic; }
.hint { color: var(--muted); font-size: 0.9em; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.4rem; vertical-align: top; text-align: start; }
thead th { background: #ececec; }
td.revision { text-align: end; }
ul.changes, ul.problems { margin: 0; padding-inline-start: 1rem; }
del { color: var(--bad); }
ins { color: var(--ok); text-decoration: none; font-weight: 600; }
.none { color: var(--muted); }
.role, .effective { color: var(--muted); font-size: 0.9em; }
.doc { white-space: nowrap; }
@page { size: A4 landscape; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, dl.facts, pre.note { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
