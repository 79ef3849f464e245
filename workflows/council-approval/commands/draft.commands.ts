// class-transformer's @Type reads design-time metadata; the polyfill must load before it runs.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { CommandSpec } from '../../workflow-definition';
import { compact } from '../../shared/common.commands';
import { LIMITS } from '../../shared/validation';

/** DESIGN: a version sent as a JSON number is accepted and kept as its string (`1` → `"1"`). */
const VersionLabel = () => Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));

/** A numbered section of a draft: comments are made per section. */
export class SectionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  number: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.title)
  title: string;
}

/** `publishDraft`: a first or a revised draft (after `further-consultation`). */
export class PublishDraftPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  documentRef: string;

  /** A label such as "1" or "2.0": documents name their versions (a JSON number becomes its string). */
  @VersionLabel()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  version: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.list)
  // ValidateNested alone lets an array element that is itself an array through.
  @IsObject({ each: true, message: 'each element must be an object' })
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  sections?: SectionDto[];
}

/** `publishFinalDraft`: the text that goes to the Council. */
export class PublishFinalDraftPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  documentRef: string;

  @VersionLabel()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.label)
  version: string;
}

export const publishDraft: CommandSpec<PublishDraftPayload> = {
  payload: PublishDraftPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => [{
    type: 'DraftPublished',
    data: compact({
      documentRef: p.documentRef, version: p.version,
      sections: p.sections?.map((s) => ({ number: s.number, title: s.title })), publishedAt: ctx.now,
    }),
  }],
};

export const publishFinalDraft: CommandSpec<PublishFinalDraftPayload> = {
  payload: PublishFinalDraftPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => [
    { type: 'FinalDraftPublished', data: { documentRef: p.documentRef, version: p.version, publishedAt: ctx.now } },
  ],
};
