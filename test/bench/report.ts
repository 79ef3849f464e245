/*
 * Prints test/bench/results/latest.json as the Markdown table docs/benchmarks.md carries:
 *   node -r ./tools/register.js test/bench/report.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Row, fmt } from './lib/common';

const results = JSON.parse(readFileSync(join(__dirname, 'results', 'latest.json'), 'utf8')) as { mode: string; finishedAt: string; elapsedSeconds: number; rows: Row[] };

const ratio = (a?: number | null, b?: number | null, higher = true) =>
  !a || !b ? '—' : `${(higher ? a / b : b / a).toFixed(2)}×`;

console.log(`Run: ${results.mode}, finished ${results.finishedAt}, ${Math.round(results.elapsedSeconds)} s.\n`);
console.log('| section | test | backend | unit | ours | Emmett | ceiling | ours/Emmett | ours/ceiling | target | durability |');
console.log('| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
for (const r of results.rows) {
  const d = r.unit === 'ms' ? 1 : 0;
  const higher = r.higherIsBetter !== false;
  const target = r.target ? `${r.target}: ${r.met === null || r.met === undefined ? '—' : r.met ? '**met**' : '**missed**'}` : '—';
  console.log(`| ${r.section} | ${r.test} | ${r.backend} | ${r.unit} | ${fmt(r.ours, d)} | ${fmt(r.emmett, d)} | ${fmt(r.ceiling, d)} | ${ratio(r.ours, r.emmett, higher)} | ${ratio(r.ours, r.ceiling, higher)} | ${target} | ${r.durability} |`);
}
console.log('\nNotes per row:\n');
for (const r of results.rows) if (r.note) console.log(`- ${r.section}, ${r.test} (${r.backend}): ${r.note}`);
