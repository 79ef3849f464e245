import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import type { NewEvent } from '@consult/event-store';
import { LaunchData, WorkflowDefinition, applyEvent, findWorkflow, launchSnapshot } from '@consult/workflows';

const SECRETARIAT = { sub: 'secretariat:bench', role: 'secretariat' as const, name: 'Bench Secretariat' };

/**
 * Builds a consultation's history the way the command handler does: each command's
 * `decide` makes the events, the machine must accept them, metadata as the api writes
 * it. Used to seed stores quickly with real, verifiable histories.
 */
export class HistoryBuilder {
  readonly definition: WorkflowDefinition = findWorkflow('council-approval');
  readonly events: NewEvent[] = [];
  private snapshot: AnyMachineSnapshot;

  constructor(readonly id: string, private readonly launchedAt: string) {
    const launch: LaunchData = {
      consultationId: id, workflow: this.definition.name, version: this.definition.version,
      title: { en: 'Guidelines for the Global Cybersecurity Agenda', ar: 'المبادئ التوجيهية' },
      reference: 'CL-19/47', eligibleGroups: ['member-state', 'sector-member', 'academia'],
      timezone: 'Europe/Zurich', launchedAt,
    };
    this.snapshot = launchSnapshot(this.definition, launch);
    this.events.push(this.event('ConsultationLaunched', launch as unknown as Record<string, unknown>, launchedAt));
  }

  /** Runs a command at `now`; throws if the machine refuses the events it means. */
  command(type: string, payload: object, now: string): this {
    const decided = this.definition.commands[type].decide(payload, this.snapshot, { now, actor: SECRETARIAT, consultationId: this.id });
    for (const d of decided) {
      const { snapshot, accepted } = applyEvent(this.definition, this.snapshot, d);
      if (!accepted) throw new Error(`bench history: ${d.type} refused for ${type}`);
      this.snapshot = snapshot;
      this.events.push(this.event(d.type, d.data as Record<string, unknown>, now, (payload as { reason?: string }).reason));
    }
    return this;
  }

  get stream(): string {
    return `consultation-${this.id}`;
  }

  private event(type: string, data: Record<string, unknown>, recordedAt: string, reason?: string): NewEvent {
    const correlationId = randomUUID();
    return {
      id: randomUUID(), type, data,
      metadata: {
        actor: SECRETARIAT, correlationId, causationId: correlationId,
        workflow: `${this.definition.name}@${this.definition.version}`, recordedAt,
        ...(reason ? { reason } : {}),
      },
    };
  }
}

/** A consultation open for comment until `closesAt` (three events). */
export function openConsultation(launchedAt: string, closesAt: string): HistoryBuilder {
  const at = (minutes: number) => new Date(Date.parse(launchedAt) + minutes * 60_000).toISOString();
  return new HistoryBuilder(randomUUID(), launchedAt)
    .command('publishDraft', { documentRef: 'GCA-Guidelines', version: '1', sections: [{ number: '1', title: 'Introduction' }, { number: '7', title: 'Cross-cutting guidelines' }] }, at(1))
    .command('openConsultation', { closesAt }, at(2));
}
