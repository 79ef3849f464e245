import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Min } from 'class-validator';

/** `POST /api/consultations/:id/commands` body. */
export class CommandEnvelopeDto {
  @IsString() @IsNotEmpty()
  type: string;

  @IsOptional() @IsObject()
  payload?: Record<string, unknown>;

  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}
