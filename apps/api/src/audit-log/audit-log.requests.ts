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
  // Revisions are 32-bit integers in the stores (PostgreSQL refuses a larger bound with an error).
  if (!/^(0|[1-9]\d{0,9})$/.test(value) || Number(value) > MAX_REVISION) {
    throw new AuditRequestInvalid('revision', `must be an integer from 0 to ${MAX_REVISION}`);
  }
  return Number(value);
}

/** The largest revision a stream can hold. */
const MAX_REVISION = 2_147_483_647;
