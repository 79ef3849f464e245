import { LaunchConsultationDto } from './launch.dto';
import { InvalidInput } from './consultation.errors';
import { validateBody } from './validation';

const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };

describe('validateBody', () => {
  it('accepts a valid launch body', () => {
    expect(validateBody(LaunchConsultationDto, LAUNCH, 'body')).toMatchObject({ workflow: 'council-approval' });
  });

  it.each([
    ['eligibleGroups.1.constructor', { ...LAUNCH, eligibleGroups: ['member-state', { valueOf: 4.7e142, constructor: {} }] }],
    ['title.constructor', { ...LAUNCH, title: { en: 'x', constructor: { name: 'y' } } }],
    ['prototype', { ...LAUNCH, prototype: {} }],
  ])('refuses a member-named key (%s) with a 400 naming it, never a TypeError', (field, body) => {
    let thrown: unknown;
    try {
      validateBody(LaunchConsultationDto, body, 'body');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect((thrown as InvalidInput).details).toEqual([expect.objectContaining({ field })]);
  });
});
