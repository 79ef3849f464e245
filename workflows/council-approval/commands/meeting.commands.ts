import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { CommandSpec } from '../../workflow-definition';
import { compact, MEETING_FORMATS, type MeetingFormat } from '../../shared/common.commands';
import { InvalidCommand } from '../../shared/errors';
import { isNotAfter } from '../../shared/time';
import { IsInstant, IsNotBefore, LIMITS } from '../../shared/validation';

/** `scheduleMeeting`: the caller chooses the meeting id and refers to it later. */
export class ScheduleMeetingPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  meetingId: string;

  @IsInstant()
  startsAt: string;

  @IsInstant()
  @IsNotBefore('startsAt')
  endsAt: string;

  @IsIn(MEETING_FORMATS)
  format: MeetingFormat;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.location)
  location?: string;
}

/** `rescheduleMeeting`: new dates, with the reason addressees will be told. */
export class RescheduleMeetingPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  meetingId: string;

  @IsInstant()
  startsAt: string;

  @IsInstant()
  @IsNotBefore('startsAt')
  endsAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

/** `changeMeetingFormat`: physical, virtual or hybrid (CL-20/18 made a meeting virtual). */
export class ChangeMeetingFormatPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  meetingId: string;

  @IsIn(MEETING_FORMATS)
  format: MeetingFormat;

  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;
}

/** `recordMeeting`: the meeting took place. */
export class RecordMeetingPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.id)
  meetingId: string;

  @IsInt()
  @Min(0)
  @Max(LIMITS.count)
  participants: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.note)
  summary?: string;
}

/** Reached only when the DTO was bypassed: decide must not build an impossible fact. */
function assertWindow(startsAt: string, endsAt: string) {
  if (!isNotAfter(startsAt, endsAt)) throw new InvalidCommand(`endsAt ${endsAt} is before startsAt ${startsAt}`);
}

export const scheduleMeeting: CommandSpec<ScheduleMeetingPayload> = {
  payload: ScheduleMeetingPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => {
    assertWindow(p.startsAt, p.endsAt);
    return [{
      type: 'MeetingScheduled',
      data: compact({
        meetingId: p.meetingId, startsAt: p.startsAt, endsAt: p.endsAt, format: p.format, location: p.location, scheduledAt: ctx.now,
      }),
    }];
  },
};

export const rescheduleMeeting: CommandSpec<RescheduleMeetingPayload> = {
  payload: RescheduleMeetingPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => {
    assertWindow(p.startsAt, p.endsAt);
    return [{
      type: 'MeetingRescheduled',
      data: { meetingId: p.meetingId, startsAt: p.startsAt, endsAt: p.endsAt, reason: p.reason, rescheduledAt: ctx.now },
    }];
  },
};

export const changeMeetingFormat: CommandSpec<ChangeMeetingFormatPayload> = {
  payload: ChangeMeetingFormatPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => [
    { type: 'MeetingFormatChanged', data: { meetingId: p.meetingId, format: p.format, reason: p.reason, changedAt: ctx.now } },
  ],
};

export const recordMeeting: CommandSpec<RecordMeetingPayload> = {
  payload: RecordMeetingPayload,
  roles: ['secretariat'],
  decide: (p, _snapshot, ctx) => [{
    type: 'MeetingRecorded',
    data: compact({ meetingId: p.meetingId, participants: p.participants, summary: p.summary, recordedAt: ctx.now }),
  }],
};
