import { IsOptional } from 'class-validator';
import { QueryInteger } from '@consult/projections';
import { AuditRequestInvalid } from '@consult/audit';

const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** `GET /api/audit/consistency` query: the old tree size and the new one (default: the latest checkpoint's). */
export class ConsistencyRequest {
  @QueryInteger(1, MAX_SIZE)
  from: number;

  @IsOptional() @QueryInteger(1, MAX_SIZE)
  to?: number;
}

/** `GET /api/consultations/:id/events/:revision/proof` query: the tree to prove inclusion in. */
export class InclusionProofRequest {
  @IsOptional() @QueryInteger(1, MAX_SIZE)
  treeSize?: number;
}

/** The `:revision` path parameter: a 0-based revision of the consultation's stream. */
export function parseRevision(value: string): number {
  if (!/^(0|[1-9]\d{0,14})$/.test(value)) throw new AuditRequestInvalid('revision', 'must be a non-negative integer');
  return Number(value);
}
