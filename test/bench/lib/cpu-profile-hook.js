// Preloaded into the spawned api when BENCH_API_PROFILE=<dir> (diagnosis only): records a
// CPU profile of the process from BENCH_API_PROFILE_AFTER_MS for BENCH_API_PROFILE_MS and
// writes it to <dir>, since the api's own shutdown hooks end it without --cpu-prof's write.
const inspector = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const dir = process.env.BENCH_API_PROFILE;
const after = Number(process.env.BENCH_API_PROFILE_AFTER_MS ?? 15000);
const length = Number(process.env.BENCH_API_PROFILE_MS ?? 8000);
const session = new inspector.Session();
session.connect();
setTimeout(() => {
  session.post('Profiler.enable', () => session.post('Profiler.start', () => {
    setTimeout(() => session.post('Profiler.stop', (error, { profile }) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/api-${process.pid}-thread${require('node:worker_threads').threadId}.cpuprofile`, JSON.stringify(profile));
    }), length).unref();
  }));
}, after).unref();
