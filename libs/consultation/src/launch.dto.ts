import {
  ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsTimeZone, Matches,
  ValidateBy, ValidationOptions,
} from 'class-validator';
import { STAKEHOLDER_GROUPS, StakeholderGroup } from '@consult/workflows';

/** `{en: "...", ar: "..."}`: at least one language, each a non-empty string. */
function IsLocalisedText(options?: ValidationOptions) {
  return ValidateBy({
    name: 'isLocalisedText',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' && value !== null && !Array.isArray(value) &&
        Object.keys(value).length > 0 &&
        Object.entries(value).every(([lang, text]) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang) && typeof text === 'string' && text.trim() !== ''),
      defaultMessage: () => 'must map language codes to non-empty texts, e.g. {"en": "...", "ar": "..."}',
    },
  }, options);
}

/** The part of a launch every workflow shares (DESIGN.md `POST /api/consultations`). */
export class LaunchConsultationDto {
  @IsString() @IsNotEmpty()
  workflow: string;

  @IsLocalisedText()
  title: Record<string, string>;

  @IsOptional() @IsString() @IsNotEmpty()
  reference?: string;

  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(STAKEHOLDER_GROUPS, { each: true })
  eligibleGroups: StakeholderGroup[];

  @IsTimeZone()
  timezone: string;

  /** Validated by the workflow's own launch DTO. */
  @IsOptional() @IsArray()
  phases?: unknown[];

  /** ISO 8601 durations before each deadline, e.g. `P7D`, `PT24H`. */
  @IsOptional() @IsArray()
  @Matches(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, { each: true, message: 'each value in reminderOffsets must be an ISO 8601 duration such as P7D' })
  reminderOffsets?: string[];
}
