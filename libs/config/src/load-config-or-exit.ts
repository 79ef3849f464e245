import { AppConfig } from './app-config';
import { ConfigError } from './config.error';
import { Env, loadConfig } from './load-config';

/**
 * For `main.ts`: loads the config, or prints `config error: <problem>` as one line on
 * stderr and exits with code 1 (no stack trace: the problem is the operator's, not the code's).
 */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`config error: ${error.message}\n`);
    process.exit(1);
  }
}
