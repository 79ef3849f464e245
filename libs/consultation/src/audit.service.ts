import { EventStore, StoredEvent, verifyChain } from '@consult/event-store';
import { type ExportRecord, type HistoryEntry, exportRecords, historyEntries } from '@consult/audit';
import { LaunchData, findWorkflow, replay } from '@consult/workflows';
import { ConsultationNotFound, InvalidInput } from './consultation.errors';
import { consultationStream, contributionStream } from './consultation-stream';
import { ReplayCheckpoints } from './replay-checkpoints';

export interface VerificationProblem {
  stream: string;
  revision: number;
  eventId?: string;
  problem: string;
  detail: string;
}

/** What auditors see: the full history, state as of an instant, and verification. */
export class AuditService {
  private readonly checkpoints: ReplayCheckpoints;

  constructor(private readonly store: EventStore) {
    this.checkpoints = new ReplayCheckpoints(store);
  }

  /** Every event of the consultation, oldest first, with who, when, why and what it changed. */
  async history(id: string): Promise<{ id: string; events: HistoryEntry[] }> {
    return { id, events: historyEntries(await this.readAll(id)) };
  }

  /** The history and the consultation's contributions, in position order, as `consult export` writes them. */
  async exportRecords(id: string): Promise<ExportRecord[]> {
    const events = await this.readAll(id);
    const contributions = await this.store.readStream(contributionStream(id));
    return exportRecords(historyEntries(events), [...events, ...contributions]);
  }

  /** Replays the events recorded up to and including `at` through the recorded workflow version. */
  async stateAt(id: string, at: string) {
    if (Number.isNaN(Date.parse(at))) throw new InvalidInput('at must be an ISO 8601 instant', [{ field: 'at', constraints: { invalid: 'must be an ISO 8601 date-time' } }]);
    const found = await this.checkpoints.at(id, Date.parse(at));
    if (!found) return { id, at, exists: false, version: null, state: null, view: null };
    const view = found.definition.view(found.snapshot);
    return { id, at, exists: true, version: found.revision, state: view.state, view };
  }

  /** Hash chains of the consultation and its contributions, and a full replay. */
  async verify(id: string) {
    const events = await this.readAll(id);
    const problems: VerificationProblem[] = [];
    const stream = consultationStream(id);
    const chain = verifyChain(events);
    problems.push(...chain.problems.map((p) => ({ stream, ...p })));
    const contributions = await this.store.verifyStream(contributionStream(id));
    problems.push(...contributions.problems.map((p) => ({ stream: contributionStream(id), ...p })));
    problems.push(...this.replayProblems(stream, events));
    return { ok: problems.length === 0, events: chain.events + contributions.events, problems };
  }

  private replayProblems(stream: string, events: StoredEvent[]): VerificationProblem[] {
    const [launched, ...rest] = events;
    if (launched.type !== 'ConsultationLaunched') {
      return [{ stream, revision: launched.revision, problem: 'bad-start', detail: `first event is ${launched.type}` }];
    }
    const launch = launched.data as unknown as LaunchData;
    const recorded = `${launch.workflow}@${launch.version}`;
    let definition;
    try {
      definition = findWorkflow(launch.workflow, launch.version);
    } catch {
      return [{ stream, revision: 0, problem: 'unknown-workflow', detail: `workflow ${recorded} is not installed` }];
    }
    const problems: VerificationProblem[] = rest
      .filter((event) => event.metadata.workflow !== recorded)
      .map((event) => ({ stream, revision: event.revision, eventId: event.id, problem: 'workflow-mismatch', detail: `recorded by ${event.metadata.workflow}, consultation runs ${recorded}` }));
    replay(definition, launch, events, ({ index, event, state }) => {
      const { revision, id } = events[index];
      problems.push({ stream, revision, eventId: id, problem: 'illegal-transition', detail: `${event.type} is not accepted in state ${state}` });
    });
    return problems.sort((a, b) => a.revision - b.revision);
  }

  private async readAll(id: string): Promise<StoredEvent[]> {
    const events = await this.store.readStream(consultationStream(id));
    if (events.length === 0) throw new ConsultationNotFound(id);
    return events;
  }
}
