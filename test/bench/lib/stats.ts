/**
 * The median of paired ratios and a distribution-free 95 % interval for it: the order statistics
 * k and n + 1 - k, k the largest with P(Binomial(n, ½) < k) ≤ 2.5 % (the sign test's interval; it
 * assumes nothing of the ratios' spread). Fewer than 6 values give no interval.
 */
export function medianInterval(values: number[]): { median: number; low?: number; high?: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN };
  const mid = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  // P(X <= j) for X ~ Binomial(n, ½), summed term by term.
  let below = 0;
  let term = 0.5 ** n;
  let k = 0;
  for (let j = 0; j < n; j += 1) {
    if (below + term > 0.025) break;
    below += term;
    term = (term * (n - j)) / (j + 1);
    k = j + 1;
  }
  if (k < 1) return { median: mid };
  return { median: mid, low: sorted[k - 1], high: sorted[n - k] };
}
