import { BenchConfig, Row, fmt, log } from './common';

const ratio = (a: number | null | undefined, b: number | null | undefined, higherIsBetter = true): string => {
  if (a === null || a === undefined || b === null || b === undefined || b === 0 || a === 0) return '—';
  const r = higherIsBetter ? a / b : b / a;
  return `${r.toFixed(2)}×`;
};

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

/** The summary table: figures, ours/Emmett, ours/ceiling, target met, durability. */
export function printTable(rows: Row[], config: BenchConfig, elapsedS: number): void {
  const header = ['section / test', 'backend', 'unit', 'ours', 'Emmett', 'ceiling', 'ours/Emmett', 'ours/ceiling', 'target'];
  const body = rows.map((r) => [
    `${r.section}: ${r.test}`, r.backend, r.unit, fmt(r.ours, r.unit === 'ms' ? 1 : 0), fmt(r.emmett, r.unit === 'ms' ? 1 : 0),
    fmt(r.ceiling, r.unit === 'ms' ? 1 : 0), ratio(r.ours, r.emmett, r.higherIsBetter !== false),
    ratio(r.ours, r.ceiling, r.higherIsBetter !== false), r.met === undefined || r.met === null ? '—' : r.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  log(`\n=== consult bench, ${config.quick ? 'quick' : 'full'} run, ${elapsedS.toFixed(0)} s; ratios are ours÷other for rates, other÷ours for latencies (>1× = ours better) ===`);
  log(pad(header, widths));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r, i) => {
    log(pad(body[i], widths));
    const notes = [`durability: ${r.durability}`];
    if (r.ceilingLabel) notes.push(`ceiling: ${r.ceilingLabel}`);
    if (r.target) notes.push(`target: ${r.target}`);
    if (r.note) notes.push(r.note);
    log(`    ${notes.join(' · ')}`);
  });
}
