import {
  ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsTimeZone, MaxLength,
  ValidateBy, ValidationOptions,
} from 'class-validator';
import { LIMITS, STAKEHOLDER_GROUPS, StakeholderGroup, isLocalisedText } from '@consult/workflows';

/** `{en: "...", ar: "..."}`: 1 to 20 languages, each a non-empty text of at most 500 characters. */
function IsLocalisedText(options?: ValidationOptions) {
  return ValidateBy({
    name: 'isLocalisedText',
    constraints: [LIMITS.title],
    validator: {
      validate: (value: unknown) => isLocalisedText(value, LIMITS.title),
      defaultMessage: () => `$property must map 1 to ${LIMITS.languages} language codes to non-empty texts of at most ${LIMITS.title} characters, e.g. {"en": "...", "ar": "..."}`,
    },
  }, options);
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** An ISO 8601 duration such as `P7D` or `PT24H`, of at most 40 characters. */
function IsDuration(options?: ValidationOptions) {
  return ValidateBy({
    name: 'isDuration',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.length <= 40 && DURATION.test(value),
      defaultMessage: () => 'each value in $property must be an ISO 8601 duration such as P7D',
    },
  }, options);
}

/** The part of a launch every workflow shares (DESIGN.md `POST /api/consultations`). */
export class LaunchConsultationDto {
  @IsString() @IsNotEmpty() @MaxLength(LIMITS.id)
  workflow: string;

  @IsLocalisedText()
  title: Record<string, string>;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(LIMITS.label)
  reference?: string;

  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(STAKEHOLDER_GROUPS.length) @ArrayUnique() @IsIn(STAKEHOLDER_GROUPS, { each: true })
  eligibleGroups: StakeholderGroup[];

  @IsTimeZone()
  timezone: string;

  /** Validated by the workflow's own launch DTO. */
  @IsOptional() @IsArray() @ArrayMaxSize(LIMITS.list)
  phases?: unknown[];

  /** ISO 8601 durations before each deadline, e.g. `P7D`, `PT24H`. */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsDuration({ each: true })
  reminderOffsets?: string[];
}
