import { spawnSync } from 'node:child_process';
import { REPO_ROOT, TEST_JWT_SECRET } from '../../support/spawn-app';

/** What a CLI run left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run consult -- <args>` as an auditor would (node with the register hook), bounded in time. */
export function consult(args: string[], env: Record<string, string>): CliRun {
  const result = spawnSync(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000,
    env: { ...process.env, CONSULT_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The run, for an assertion message that shows what the CLI said. */
export const described = (run: CliRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
