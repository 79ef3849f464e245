import { CONTRIBUTION_KINDS, STAKEHOLDER_GROUPS, WorkflowDefinition, workflows } from '@consult/workflows';
import {
  JsonSchema, arrayOf, boolean, instant, integer, localizedText, object, oneOfValues, orNull, ref, string,
} from './schema-dsl';

const history = arrayOf(object({ at: instant, change: string }, { reason: string }));
const FORMATS = ['physical', 'virtual', 'hybrid'];

/** The parts every workflow's view shares (`ConsultationView` in workflows/). */
export const sharedViewSchemas: Record<string, JsonSchema> = {
  LocalizedText: localizedText,
  Milestone: object({ key: string, title: string, at: instant, kind: string }, { endsAt: instant }),
  Meeting: object(
    { id: string, startsAt: instant, endsAt: instant, format: oneOfValues(FORMATS), status: oneOfValues(['scheduled', 'held']), history },
    { title: string, location: string, participants: integer, summary: string },
  ),
  Draft: object(
    { documentRef: string, version: string, kind: oneOfValues(['draft', 'final']), publishedAt: instant },
    { sections: arrayOf(object({ number: string, title: string })) },
  ),
  NextDeadline: object({ key: string, kind: string, dueAt: instant }),
  Withdrawal: object({ reason: string, withdrawnAt: instant }),
  Round: object(
    { number: integer, openedAt: instant, closesAt: instant, extensions: arrayOf(object({ closesAt: instant, reason: string, extendedAt: instant })) },
    { closedAt: instant, automatic: boolean },
  ),
  CouncilDecision: object(
    { session: string, outcome: oneOfValues(['approved', 'further-consultation', 'deferred']), mode: oneOfValues(['session', 'correspondence']), recordedAt: instant },
    { reference: string, note: string },
  ),
  CouncilSubmission: object({
    session: string, documentRefs: arrayOf(string), considerationStartsAt: instant, considerationEndsAt: instant,
    submittedAt: instant, decided: boolean,
    postponements: arrayOf(object({ fromSession: orNull(string), session: string, startsAt: instant, endsAt: instant, reason: string, postponedAt: instant })),
  }),
  Phase: object(
    {
      key: string, title: ref('LocalizedText'), kind: oneOfValues(['launch', 'meeting', 'deadline', 'brief']), startsAt: instant, endsAt: instant,
      opens: arrayOf(oneOfValues(CONTRIBUTION_KINDS)), status: oneOfValues(['pending', 'current', 'ended']), history,
    },
    { format: oneOfValues(FORMATS), location: string, startedAt: instant, endedAt: instant },
  ),
};

/** What each workflow's view adds to the shared fields. */
export const VIEW_EXTRAS: Record<string, Record<string, JsonSchema>> = {
  'council-approval': {
    round: orNull(integer), closesAt: orNull(instant), rounds: arrayOf(ref('Round')),
    council: orNull({ ...ref('CouncilSubmission'), description: 'the pending submission (its decisions in `decisions`)' }),
    submissions: arrayOf(ref('CouncilSubmission')), decisions: arrayOf(ref('CouncilDecision')),
  },
  'phased-forum': {
    phases: arrayOf(ref('Phase')),
    openContributions: arrayOf(object({ kind: oneOfValues(CONTRIBUTION_KINDS), closesAt: instant })),
  },
};

/** `council-approval` → `CouncilApproval`. */
export const pascal = (name: string): string => name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The latest version of each workflow: what new launches use. */
export function latestWorkflows(): WorkflowDefinition[] {
  const latest = new Map<string, WorkflowDefinition>();
  for (const w of workflows) if ((latest.get(w.name)?.version ?? -1) < w.version) latest.set(w.name, w);
  return [...latest.values()];
}

/** Every state any version of the workflow can be in. */
export function statesOf(name: string): string[] {
  const states = workflows.filter((w) => w.name === name).flatMap((w) => Object.keys(w.machine.root.states));
  return [...new Set(states)];
}

/** Every command type any version of the workflow accepts. */
export function commandsOf(name: string): string[] {
  return [...new Set(workflows.filter((w) => w.name === name).flatMap((w) => Object.keys(w.commands)))];
}

/** The workflow's own view (`state at` answers it), without the consultation's identity. */
function workflowView(name: string): JsonSchema {
  return object({
    state: oneOfValues(statesOf(name)), phase: orNull(string), title: ref('LocalizedText'),
    milestones: arrayOf(ref('Milestone')), meetings: arrayOf(ref('Meeting')), drafts: arrayOf(ref('Draft')),
    nextDeadline: orNull(ref('NextDeadline')), publishedContributions: arrayOf(string), withdrawal: orNull(ref('Withdrawal')),
    // A workflow added without its extras here still gets the shared part.
    ...VIEW_EXTRAS[name],
  }, { reference: string }, `the view of a ${name} consultation`);
}

/** `GET /api/consultations/:id`: identity, launch data, the view, and what the caller may send now. */
function consultation(name: string): JsonSchema {
  const view = workflowView(name) as { required: string[]; properties: Record<string, JsonSchema> };
  return object({
    id: string, workflow: { type: 'string', const: name }, workflowVersion: integer, eligibleGroups: arrayOf(oneOfValues(STAKEHOLDER_GROUPS)),
    timezone: string, launchedAt: instant, version: { ...integer, description: 'the revision to send as `expectedVersion`' },
    ...Object.fromEntries(view.required.map((key) => [key, view.properties[key]])),
    allowedCommands: { ...arrayOf(oneOfValues(commandsOf(name))), description: 'commands this caller may send now' },
  }, { reference: string }, `a ${name} consultation`);
}

/** View schemas by workflow: `<Workflow>View` and `<Workflow>Consultation`, with the unions over workflows. */
export function viewSchemas(): Record<string, JsonSchema> {
  const names = latestWorkflows().map((w) => w.name);
  const schemas: Record<string, JsonSchema> = { ...sharedViewSchemas };
  for (const name of names) {
    schemas[`${pascal(name)}View`] = workflowView(name);
    schemas[`${pascal(name)}Consultation`] = consultation(name);
  }
  schemas.ConsultationView = { oneOf: names.map((n) => ref(`${pascal(n)}View`)) };
  schemas.Consultation = {
    oneOf: names.map((n) => ref(`${pascal(n)}Consultation`)),
    discriminator: { propertyName: 'workflow', mapping: Object.fromEntries(names.map((n) => [n, SCHEMA(`${pascal(n)}Consultation`)])) },
  };
  return schemas;
}

const SCHEMA = (name: string): string => (ref(name).$ref as string);
