import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { workflows } from '@consult/workflows';
import { CommandEnvelopeDto } from './command.dto';
import { SubmitContributionDto } from './contribution.dto';
import { LaunchConsultationDto } from './launch.dto';
import { ValidationPlan } from './validation-plan';

type Dto = new () => object;

const DTOS: Dto[] = [
  CommandEnvelopeDto, LaunchConsultationDto, SubmitContributionDto,
  ...workflows.flatMap((w) => [...Object.values(w.commands).map((c) => c.payload as Dto), ...(w.launchPayload ? [w.launchPayload] : [])]),
];

const metadataOf = (type: Dto) => getMetadataStorage().getTargetValidationMetadatas(type, '', false, false, undefined);

/** Candidate values: the DTO's own enumerations and constraint values, and JSON of every shape. */
function candidates(type: Dto): unknown[] {
  const known = metadataOf(type)
    .flatMap((m) => (m.constraints ?? []).flatMap((c: unknown) => (Array.isArray(c) ? c : [c])))
    .filter((c) => typeof c === 'string' || typeof c === 'number');
  return [
    ...known, 'm-1', '', ' ', 'x'.repeat(300), 0, -1, 1.5, 7, true, null, {}, [], ['a'], ['m-1', 'm-2'], [{ number: '1', title: 'Scope' }],
    { en: 'Title' }, { en: '' }, { en: 'Title', ar: 'عنوان' }, 'Europe/Zurich', 'member-state', ['member-state', 'academia'], 'en', 'comment',
    '2020-04-20T10:00:00Z', '2020-04-20T11:00:00+02:00', '2020-04-20', '2020-04-20T10:00:00', '2020-02-30T10:00:00Z', '2020-04-20T09:00:00.123Z',
    // Around the length and size limits (LIMITS in workflows/shared/validation.ts).
    'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(501), 'x'.repeat(5_001), { en: 'x'.repeat(501) }, Array.from({ length: 201 }, (_, i) => `m-${i}`),
    ['P7D', 'x'.repeat(41)], 1_000_001, Number.MAX_SAFE_INTEGER + 1,
  ];
}

/** Bodies that are often valid: each property mostly gets a value class-validator accepts for it alone. */
function bodies(type: Dto): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(getMetadataStorage().groupByPropertyName(metadataOf(type)));
  const all = candidates(type);
  const good = (name: string) => all.filter((value) =>
    !validateSync(plainToInstance(type, { [name]: value })).some((error) => error.property === name));
  const valueOf = (name: string): fc.Arbitrary<unknown> => {
    const fits = good(name);
    return fits.length > 0 ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...fits) }, { weight: 1, arbitrary: fc.constantFrom(...all) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }) : fc.constantFrom(...all);
  };
  return fc.tuple(
    fc.record(Object.fromEntries(names.map((n) => [n, valueOf(n)])), { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom('extra', 'type', '__proto__', 'constructor'), fc.constantFrom(...all), { maxKeys: 1 }),
    fc.nat(9),
  ).map(([known, extra, dice]) => (dice === 0 ? { ...known, ...extra } : known));
}

describe('ValidationPlan', () => {
  it.each(DTOS.map((type) => [type.name, type] as const))('accepts a %s body only when class-validator has no error for it, with the same instance', (_name, type) => {
    const plan = ValidationPlan.for(type);
    fc.assert(fc.property(bodies(type), fc.boolean(), (body, strict) => {
      const accepted = plan?.accept(body, strict);
      if (!accepted) return;
      const instance = plainToInstance(type, body);
      expect(validateSync(instance, { whitelist: true, forbidNonWhitelisted: strict })).toEqual([]);
      expect(accepted).toBeInstanceOf(type);
      expect({ ...accepted }).toEqual({ ...instance });
    }), { numRuns: 500 });
  });

  it('takes the hot path for the commands of the HTTP benchmark', () => {
    const payload = { meetingId: 'm1', startsAt: '2026-01-01T10:00:00.000Z', endsAt: '2026-01-01T11:30:00.000Z', format: 'virtual' };
    const scheduleMeeting = workflows.find((w) => w.name === 'council-approval')!.commands.scheduleMeeting.payload;
    expect(ValidationPlan.for(CommandEnvelopeDto)?.accept({ type: 'scheduleMeeting', payload }, true)).toBeInstanceOf(CommandEnvelopeDto);
    expect(ValidationPlan.for(scheduleMeeting)?.accept(payload, true)).toBeInstanceOf(scheduleMeeting);
  });

  it('leaves to class-transformer a nested key it would drop (named like a member of Object.prototype)', () => {
    // The counterexample a run of the property above found: class-transformer makes `payload: {}` of it.
    const body = { type: 'm-1', payload: { toString: 0 } };
    expect({ ...plainToInstance(CommandEnvelopeDto, body) }).toMatchObject({ payload: {} });
    for (const strict of [false, true]) expect(ValidationPlan.for(CommandEnvelopeDto)?.accept(body, strict)).toBeUndefined();
    expect(ValidationPlan.for(CommandEnvelopeDto)?.accept({ type: 'm-1', payload: { list: [{ valueOf: 1 }] } }, true)).toBeUndefined();
    expect(ValidationPlan.for(CommandEnvelopeDto)?.accept({ type: 'm-1', payload: { note: 'toString' } }, true)).toBeInstanceOf(CommandEnvelopeDto);
  });

  it('leaves a body with an unknown field to class-validator when unknown fields are refused', () => {
    expect(ValidationPlan.for(CommandEnvelopeDto)?.accept({ type: 'x', extra: 1 }, true)).toBeUndefined();
  });
});
