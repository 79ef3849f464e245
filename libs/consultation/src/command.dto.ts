import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '@consult/workflows';

/** `POST /api/consultations/:id/commands` body. */
export class CommandEnvelopeDto {
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.id)
  type: string;

  @IsOptional() @IsObject()
  payload?: Record<string, unknown>;

  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  expectedVersion?: number;
}
