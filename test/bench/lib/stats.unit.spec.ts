import { medianInterval } from './stats';

describe('medianInterval (the sign test interval of a median)', () => {
  const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  // Ranks from the published table of the sign test's 95 % interval (e.g. Conover, Practical
  // Nonparametric Statistics, table A3): n = 6 → 1st and 6th, 12 → 3rd and 10th, 20 → 6th and 15th, 40 → 14th and 27th.
  it.each([[6, 1, 6], [12, 3, 10], [20, 6, 15], [40, 14, 27]])('n = %i: the values ranked %i and %i', (n, low, high) => {
    const shuffled = ranks(n).reverse();
    expect(medianInterval(shuffled)).toEqual({ median: (n + 1) / 2, low, high });
  });

  it('gives no interval under 6 values, and the middle value as the median', () => {
    expect(medianInterval([3, 1, 2, 5, 4])).toEqual({ median: 3 });
    expect(medianInterval([])).toEqual({ median: NaN });
  });

  it('holds the true median at least 95 % of the time, for random samples of a known distribution', () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t += 1) {
      // Uniform on [0.9, 1.1]: median 1.
      const { low, high } = medianInterval(Array.from({ length: 20 }, () => 0.9 + 0.2 * random()));
      if (low! <= 1 && 1 <= high!) covered += 1;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.95);
    expect(covered / trials).toBeLessThan(0.99);
  });
});
