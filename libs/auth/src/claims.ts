import { IsIn, IsNotEmpty, IsOptional, IsString, ValidateIf } from 'class-validator';
import { STAKEHOLDER_GROUPS } from '@consult/workflows';

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

/** The caller of a request: a verified token holder, or the public. */
export type Caller =
  | { kind: 'public' }
  | { kind: 'token'; sub: string; name?: string; role: TokenRole; group?: string; org?: string };

export const PUBLIC_CALLER: Caller = { kind: 'public' };
