import { TokenService } from '../../libs/auth/src/token.service';
import type { Who } from '../../libs/demo/src/timeline';
import { TEST_JWT_SECRET } from './spawn-app';

export const tokens = new TokenService(TEST_JWT_SECRET);

/** A token for a timeline actor, signed with the secret the spawned api uses. */
export function tokenFor(who: Who): string {
  if (who === 'secretariat') return tokens.sign({ sub: 'secretariat:e2e', role: 'secretariat', name: 'Secretariat' });
  if (who === 'auditor') return tokens.sign({ sub: 'auditor:e2e', role: 'auditor', name: 'Auditor' });
  const { group, org, name } = who.participant;
  return tokens.sign({ sub: `participant:${org}`.toLowerCase(), role: 'participant', group, org, name });
}

export interface Answer {
  status: number;
  body: any;
}

/** A small HTTP client for one api: `call('POST', path, who, body, headers)`. */
export function clientFor(baseUrl: string) {
  return async function call(method: string, path: string, who?: Who | string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const auth: Record<string, string> = who === undefined ? {} : { authorization: `Bearer ${typeof who === 'string' && who !== 'secretariat' && who !== 'auditor' ? who : tokenFor(who as Who)}` };
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: response.status, body: parsed };
  };
}
