import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';

/** Roles as the token carries them; `system` is the scheduler. */
export type Role = 'secretariat' | 'participant' | 'auditor' | 'system';

export const CONTRIBUTION_KINDS = [
  'comment',
  'formal-contribution',
  'workshop-request',
  'nomination',
  'proposal',
] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export const STAKEHOLDER_GROUPS = [
  'member-state',
  'sector-member',
  'associate',
  'academia',
  'observer',
  'civil-society',
  'private-sector',
  'technical-community',
  'international-organization',
] as const;
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

/** A domain event before it is stored: a past-tense fact (`DraftPublished`) and its data. */
export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  type: T;
  data: D;
}

/** What the handler passes in: workflows never read the clock or make ids themselves. */
export interface CommandContext {
  now: string;
  actor: { sub: string; role: Role; group?: string; org?: string; name?: string };
  consultationId: string;
}

/** The common part of every launch (the `ConsultationLaunched` event's data). */
export interface LaunchData {
  consultationId: string;
  workflow: string;
  version: number;
  title: Record<string, string>;
  reference?: string;
  eligibleGroups: StakeholderGroup[];
  timezone: string;
  reminderOffsets?: string[];
  launchedAt: string;
  [key: string]: unknown;
}

/** One command a workflow accepts. */
export interface CommandSpec<P extends object = any> {
  /** class-validator DTO for the payload. */
  payload: new () => P;
  /** Roles allowed to send it (the API adds the group checks). */
  roles: Role[];
  /** Builds the events the command means; throws a DomainError for rules the machine cannot see. */
  decide(payload: P, snapshot: AnyMachineSnapshot, ctx: CommandContext): DomainEvent[];
}

/** A durable deadline: when `dueAt` passes, the scheduler appends `event` if it is still legal. */
export interface Deadline {
  /** Stable within a consultation: the same deadline has the same key across replays. */
  key: string;
  kind: 'consultation-closes' | 'phase-ends' | 'meeting' | 'council-consideration' | string;
  dueAt: string;
  title?: string;
  event: DomainEvent;
}

export interface Milestone {
  key: string;
  title: string;
  at: string;
  endsAt?: string;
  kind: string;
}

export interface MeetingView {
  id: string;
  title?: string;
  startsAt: string;
  endsAt: string;
  format: 'physical' | 'virtual' | 'hybrid';
  location?: string;
  status: 'scheduled' | 'held';
  participants?: number;
  history: { at: string; change: string; reason?: string }[];
}

/** The current view of a consultation, as `GET /api/consultations/:id` returns it. */
export interface ConsultationView {
  state: string;
  phase?: string | null;
  milestones: Milestone[];
  meetings: MeetingView[];
  drafts: { documentRef: string; version: string; kind: 'draft' | 'final'; sections?: { number: string; title: string }[]; publishedAt: string }[];
  nextDeadline: { key: string; kind: string; dueAt: string } | null;
  [key: string]: unknown;
}

/** What the consultation list keeps of a view (`rm_consultation_summary`): its state, phase and next deadline. */
export type ConsultationSummary = Pick<ConsultationView, 'state' | 'phase' | 'nextDeadline'>;

export type ContributionCheck = { open: true } | { open: false; reason: string };

/** A versioned, pure workflow: the rulebook of one kind of consultation. */
export interface WorkflowDefinition {
  name: string;
  version: number;
  machine: AnyStateMachine;
  /** Optional DTO for workflow-specific launch fields (e.g. `phases`). */
  launchPayload?: new () => object;
  /** The machine input, derived from the launch event's data. */
  commands: Record<string, CommandSpec>;
  /** Turns a stored domain event into the event object the machine consumes. */
  toMachineEvent(event: DomainEvent): { type: string; [key: string]: unknown };
  view(snapshot: AnyMachineSnapshot): ConsultationView;
  /** `view`'s state, phase and next deadline alone: what a read-model rebuild needs of every event. */
  summary(snapshot: AnyMachineSnapshot): ConsultationSummary;
  /** Commands legal in this snapshot (role checks are the caller's). */
  allowedCommands(snapshot: AnyMachineSnapshot): string[];
  deadlines(snapshot: AnyMachineSnapshot): Deadline[];
  contributionCheck(snapshot: AnyMachineSnapshot, kind: ContributionKind, now: string): ContributionCheck;
}
