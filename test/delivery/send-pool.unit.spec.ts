import { Permits, SendPool } from '../../libs/notifications/src/infrastructure/send-pool';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the send pool', () => {
  it('runs one key\'s jobs in the order added, other keys beside them, never more than its concurrency at once', async () => {
    const pool = new SendPool(2);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      await tick(2);
      log.push(name);
      running -= 1;
    };
    for (const name of ['a1', 'b1', 'c1', 'a2', 'b2']) pool.add(name[0], job(name));
    await tick(1);
    pool.add('a', job('a3')); // joins a's chain while it runs, as the next batch's jobs do
    await pool.whenIdle();
    expect(log.filter((n) => n.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(log.filter((n) => n.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(log).toHaveLength(6);
    expect(most).toBe(2);
  });

  it('says when few enough jobs wait, and keeps the first failure while the others go on', async () => {
    const pool = new SendPool(1);
    const done: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      pool.add(`k${i}`, async () => {
        await tick();
        if (i === 1) throw new Error('boom');
        done.push(i);
      });
    }
    expect(pool.waiting).toBe(4);
    await pool.whenWaitingAtMost(1);
    expect(pool.waiting).toBeLessThanOrEqual(1);
    await pool.whenIdle();
    expect(done).toEqual([0, 2, 3, 4]);
    expect((pool.failure as Error).message).toBe('boom');
  });

  it('hands out at most its size of permits, the next waiting for a release', async () => {
    const permits = new Permits(2);
    await permits.acquire();
    await permits.acquire();
    expect(permits.available()).toBe(false);
    let third = false;
    const waiting = permits.acquire().then(() => { third = true; });
    await tick();
    expect(third).toBe(false);
    permits.release();
    await waiting;
    expect(third).toBe(true);
  });
});
