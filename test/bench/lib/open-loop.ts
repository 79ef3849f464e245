import http from 'node:http';

/** What an open-loop run measured. */
export interface OpenLoopResult {
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

export interface OpenLoopOptions {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  headers: Record<string, string>;
  /** The path and body of request number `n`. */
  request: (n: number) => { path: string; body: string };
  timeoutMs?: number;
}

/**
 * Sends requests at a fixed arrival rate whatever the server's pace (open loop), over
 * keep-alive connections, and measures each latency from the moment the request was
 * due, so a stalled server is charged for the queue it causes (no coordinated omission).
 */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  let settled = 0;
  const total = Math.round(options.rate * options.seconds);
  const start = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      clearInterval(timer);
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q: number) => (latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1)) : NaN);
      const elapsed = (performance.now() - start) / 1000;
      resolve({ rate: options.rate, achieved: latencies.length / Math.max(elapsed, options.seconds), p50: at(0.5), p99: at(0.99), errors, total: sent });
    };
    const send = (n: number, dueAt: number) => {
      const { path, body } = options.request(n);
      const request = http.request({
        host: target.hostname, port: target.port, path, method: 'POST', agent,
        headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs ?? 10_000,
      }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode && response.statusCode < 300) latencies.push(performance.now() - dueAt);
          else errors += 1;
          if (++settled === total) finish();
        });
      });
      request.on('error', () => { errors += 1; if (++settled === total) finish(); });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.end(body);
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      while (sent < due) {
        const n = sent++;
        send(n, start + (n / options.rate) * 1000);
      }
    }, 1);
  });
}
