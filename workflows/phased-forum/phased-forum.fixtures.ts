import type { DomainEvent } from '../workflow-definition';
import { givenWorkflow } from '../testing/given';
import type { PhaseConfig, PhasedForumLaunch } from './phased-forum.launch';
import { phasedForumV1 } from './phased-forum.workflow';

const OPEN_CALLS = ['formal-contribution', 'workshop-request', 'nomination'] as const;

/**
 * WSIS Forum 2019 open consultation (seed 001, DOMAIN.md case 2). The launch, the deadline
 * and the brief carry the seed's dates; the days of the IGF and Geneva meetings (given
 * there as "Nov 2018" and "Jan/Feb 2019") are illustrative.
 */
export const WSIS_2019_PHASES: PhaseConfig[] = [
  {
    key: 'launch', title: { en: 'Virtual launch meeting', ar: 'اجتماع الإطلاق الافتراضي' }, kind: 'launch',
    startsAt: '2018-07-02T14:30:00+02:00', endsAt: '2018-07-02T15:30:00+02:00', format: 'virtual', opens: [...OPEN_CALLS],
  },
  {
    key: 'first-physical-meeting', title: { en: 'First physical meeting (IGF 2018)' }, kind: 'meeting',
    startsAt: '2018-11-13T13:00:00+01:00', endsAt: '2018-11-13T15:00:00+01:00', format: 'physical', location: 'Paris', opens: [...OPEN_CALLS],
  },
  {
    key: 'second-physical-meeting', title: { en: 'Second physical meeting' }, kind: 'meeting',
    startsAt: '2019-02-05T10:00:00+01:00', endsAt: '2019-02-05T13:00:00+01:00', format: 'physical', location: 'Geneva', opens: [...OPEN_CALLS],
  },
  {
    key: 'deadline', title: { en: 'Deadline for formal contributions and workshop requests' }, kind: 'deadline',
    startsAt: '2019-02-10T00:00:00+01:00', endsAt: '2019-02-10T23:59:59+01:00', opens: ['formal-contribution', 'workshop-request'],
  },
  {
    key: 'final-brief', title: { en: 'Final brief' }, kind: 'brief',
    startsAt: '2019-03-08T10:00:00+01:00', endsAt: '2019-03-08T12:00:00+01:00', location: 'Geneva', opens: [],
  },
];

export const WSIS_2019: PhasedForumLaunch = {
  consultationId: 'wsis-2019',
  workflow: 'phased-forum',
  version: 1,
  title: { en: 'WSIS Forum 2019 open consultation' },
  eligibleGroups: [
    'member-state', 'private-sector', 'civil-society', 'academia', 'technical-community', 'international-organization',
  ],
  timezone: 'Europe/Zurich',
  launchedAt: '2018-06-25T09:00:00+02:00',
  phases: WSIS_2019_PHASES,
};

export const given = givenWorkflow(phasedForumV1);
export const launched: DomainEvent = { type: 'ConsultationLaunched', data: WSIS_2019 };

export const advanced = (fromPhase: string | null, toPhase: string | null, advancedAt: string, automatic = true): DomainEvent => ({
  type: 'PhaseAdvanced', data: { fromPhase, toPhase, advancedAt, automatic },
});

/** The history up to each point, for specs that start there. */
export const HISTORY = {
  notStarted: [launched],
  inLaunch: [launched, advanced(null, 'launch', '2018-07-02T14:30:00+02:00')],
  beforeIgf: [
    launched, advanced(null, 'launch', '2018-07-02T14:30:00+02:00'),
    advanced('launch', 'first-physical-meeting', '2018-07-02T15:30:00+02:00'),
  ],
};
