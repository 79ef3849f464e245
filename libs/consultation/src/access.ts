import { Caller, Forbidden, Unauthorized } from '@consult/auth';
import type { Role } from '@consult/workflows';

/** Narrows to a token holder with one of `roles`: 401 for the public, 403 for another role. */
export function requireRole(caller: Caller, roles: readonly Role[], what: string): Extract<Caller, { kind: 'token' }> {
  if (caller.kind === 'public') throw new Unauthorized(`${what} requires a bearer token`);
  if (!roles.includes(caller.role)) {
    throw new Forbidden(`${what} is not allowed for role ${caller.role} (allowed: ${roles.join(', ')})`);
  }
  return caller;
}

export function hasRole(caller: Caller, roles: readonly Role[]): boolean {
  return caller.kind === 'token' && roles.includes(caller.role);
}
