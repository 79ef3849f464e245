import { InvalidPayload, validatePayload } from '../testing/given';
import { phasedForumCommands as commands } from './commands';
import { WSIS_2019_PHASES } from './phased-forum.fixtures';
import { PhasedForumLaunchPayload } from './phased-forum.launch';

const launch = (phases: unknown) => validatePayload(PhasedForumLaunchPayload, { phases });
const refused = (phases: unknown) => expect(() => launch(phases)).toThrow(InvalidPayload);

describe('phased-forum: launch payload', () => {
  it('accepts the WSIS 2019 phases', () => {
    expect(launch(WSIS_2019_PHASES).phases).toHaveLength(5);
  });

  it('requires at least one phase', () => {
    refused([]);
  });

  it('requires unique phase keys', () => {
    refused([WSIS_2019_PHASES[0], { ...WSIS_2019_PHASES[1], key: 'launch' }]);
  });

  it('requires each phase to end no earlier than it starts', () => {
    refused([{ ...WSIS_2019_PHASES[0], endsAt: '2018-07-02T14:00:00+02:00' }]);
  });

  it('requires known contribution kinds, phase kinds and formats', () => {
    refused([{ ...WSIS_2019_PHASES[0], opens: ['petition'] }]);
    refused([{ ...WSIS_2019_PHASES[0], kind: 'party' }]);
    refused([{ ...WSIS_2019_PHASES[0], format: 'online' }]);
  });

  it('requires an English title', () => {
    refused([{ ...WSIS_2019_PHASES[0], title: { ar: 'إطلاق' } }]);
  });

  it('refuses a phase that is an array, not an object (a fuzz-found 500)', () => {
    refused([WSIS_2019_PHASES[0], []]);
    refused([[]]);
  });

  it('refuses unknown phase fields', () => {
    refused([{ ...WSIS_2019_PHASES[0], colour: 'blue' }]);
  });
});

describe('phased-forum: command payloads', () => {
  it('accepts an empty advancePhase', () => {
    expect(validatePayload(commands.advancePhase.payload, {})).toBeTruthy();
  });

  it('requires a reason to reschedule, change format or extend', () => {
    expect(() => validatePayload(commands.reschedulePhase.payload, { phaseKey: 'p', startsAt: '2020-06-22T09:00:00+02:00', endsAt: '2020-09-10T18:00:00+02:00' }))
      .toThrow(InvalidPayload);
    expect(() => validatePayload(commands.changeMeetingFormat.payload, { phaseKey: 'p', format: 'virtual' })).toThrow(InvalidPayload);
    expect(() => validatePayload(commands.extendDeadline.payload, { phaseKey: 'p', endsAt: '2020-09-10T18:00:00+02:00' })).toThrow(InvalidPayload);
  });
});
