// class-transformer's @Type reads design-time metadata; the polyfill must load before it runs.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import type { CommandSpec } from '../../workflow-definition';
import { compact } from '../../shared/common.commands';

/** A numbered section of a draft: comments are made per section. */
export class SectionDto {
  @IsString()
  @IsNotEmpty()
  number: string;

  @IsString()
  @IsNotEmpty()
  title: string;
}

/** `publishDraft`: a first or a revised draft (after `further-consultation`). */
export class PublishDraftPayload {
  @IsString()
  @IsNotEmpty()
  documentRef: string;

  /** A label such as "1" or "2.0", not a number: documents name their versions. */
  @IsString()
  @IsNotEmpty()
  version: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  sections?: SectionDto[];
}

/** `publishFinalDraft`: the text that goes to the Council. */
export class PublishFinalDraftPayload {
  @IsString()
  @IsNotEmpty()
  documentRef: string;

  @IsString()
  @IsNotEmpty()
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
