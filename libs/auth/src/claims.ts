import { plainToInstance } from 'class-transformer';
import { IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, ValidateIf, validateSync } from 'class-validator';
import { STAKEHOLDER_GROUPS } from '@consult/workflows';
import { Unauthorized } from './auth.errors';

export const TOKEN_ROLES = ['secretariat', 'participant', 'auditor'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** The claims of a consult token (DESIGN.md "Auth"). */
export class TokenClaims {
  @IsString() @IsNotEmpty()
  sub: string;

  @IsOptional() @IsString()
  name?: string;

  @IsIn(TOKEN_ROLES)
  role: TokenRole;

  @ValidateIf((claims: TokenClaims) => claims.role === 'participant' || claims.group !== undefined)
  @IsIn(STAKEHOLDER_GROUPS)
  group?: string;

  @IsOptional() @IsString()
  org?: string;
}

/** The claims a verified token must carry: those above plus `exp` (a token without one would be valid forever). */
class VerifiedClaims extends TokenClaims {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  exp: number;
}

/** The caller of a request: a verified token holder, or the public. */
export type Caller =
  | { kind: 'public' }
  | { kind: 'token'; sub: string; name?: string; role: TokenRole; group?: string; org?: string };

export const PUBLIC_CALLER: Caller = { kind: 'public' };

/** Problems of claims about to be signed, as one line; empty when they are valid. */
export function claimProblems(claims: object): string {
  return describe(validateSync(plainToInstance(TokenClaims, claims)));
}

/** The caller a verified payload names, with its expiry (Unix seconds); Unauthorized when a claim is missing or wrong. */
export function callerFromClaims(payload: unknown): { caller: Caller; exp: number } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Unauthorized('token invalid: claims must be a JSON object');
  const claims = plainToInstance(VerifiedClaims, payload);
  const problems = validateSync(claims);
  if (problems.length > 0) throw new Unauthorized(`token claims invalid: ${problems.map((p) => p.property).join(', ')}`);
  const { sub, name, role, group, org } = claims;
  return { caller: { kind: 'token', sub, name, role, group, org }, exp: claims.exp };
}

function describe(problems: ReturnType<typeof validateSync>): string {
  return problems.map((p) => `${p.property}: ${Object.values(p.constraints ?? {}).join(', ')}`).join('; ');
}
