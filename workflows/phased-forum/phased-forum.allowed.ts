import type { AnyMachineSnapshot } from 'xstate';
import type { PayloadSamples, Probe } from '../shared/allowed-commands';
import { currentPhase, type PhasedForumContext } from './phased-forum.context';

/** Far enough ahead to pass any "later than" rule; only used to probe legality. */
const FAR_FUTURE = '9999-12-31T23:59:59Z';
const FORMATS = ['physical', 'virtual', 'hybrid'] as const;
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as PhasedForumContext;
const openPhases = (s: AnyMachineSnapshot) => contextOf(s).phases.filter((p) => p.status !== 'ended');
const one = (payload: object): Probe[] => [{ payload }];

/** Per command, the payloads a caller could sensibly send now: used by allowedCommands(). */
export const phasedForumSamples: Record<string, PayloadSamples> = {
  /** Probed at the phase's end, so that an automatic-only rule would not hide it. */
  advancePhase: (s) => [{ payload: {}, now: currentPhase(contextOf(s))?.endsAt }],
  reschedulePhase: (s) => openPhases(s).map((p) => ({
    payload: { phaseKey: p.key, startsAt: FAR_FUTURE, endsAt: FAR_FUTURE, reason: 'probe' },
  })),
  changeMeetingFormat: (s) => openPhases(s).flatMap((p) => FORMATS.map((format) => ({ payload: { phaseKey: p.key, format, reason: 'probe' } }))),
  extendDeadline: (s) => openPhases(s).map((p) => ({ payload: { phaseKey: p.key, endsAt: FAR_FUTURE, reason: 'probe' } })),
  publishContributions: () => one({ contributionIds: ['probe'] }),
  withdraw: () => one({ reason: 'probe' }),
};
