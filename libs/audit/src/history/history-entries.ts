import type { AnyMachineSnapshot } from 'xstate';
import type { Actor, StoredEvent } from '@consult/event-store';
import {
  type ConsultationView, type LaunchData, type WorkflowDefinition, applyEvents, findWorkflow, ignoreRefusal, launchSnapshot,
} from '@consult/workflows';
import { type FieldChange, diffViews } from './changes';

/** One event as auditors read it: who, when, why, what it changed, and its place in the hash chain. */
export interface HistoryEntry {
  revision: number;
  position: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  actor: Actor;
  recordedAt: string;
  /** When the fact took effect, where the data says so and it differs from `recordedAt`. */
  effectiveAt?: string;
  reason?: string;
  /** What the event changed in the consultation's view (empty when nothing the audit follows). */
  changes: FieldChange[];
  /** Documents the event names: circular letters, drafts, Council documents. */
  documents: string[];
  workflow?: string;
  correlationId: string;
  causationId: string;
  prevHash: string;
  hash: string;
}

/** Data fields that say when a decision took effect, if a command recorded one. */
const EFFECTIVE_FIELDS = ['effectiveAt', 'decidedAt'];

/**
 * The history of one consultation stream, oldest first, each entry with the changes it
 * made: the events are replayed once through the workflow version the consultation was
 * launched with (the one fold, `applyEvents`), and the view before and after each event
 * compared. Without an installed workflow (or a launch), entries carry no changes.
 */
export function historyEntries(events: readonly StoredEvent[]): HistoryEntry[] {
  const views = viewsAfterEach(events);
  return events.map((event, index) => entryOf(event, diffViews(views?.[index - 1] ?? null, views?.[index] ?? null)));
}

/** The view after each event, or undefined when the stream cannot be replayed. */
function viewsAfterEach(events: readonly StoredEvent[]): ConsultationView[] | undefined {
  const [launched, ...rest] = events;
  const definition = launched?.type === 'ConsultationLaunched' ? installed(launched.data as unknown as LaunchData) : undefined;
  if (!definition) return undefined;
  let snapshot: AnyMachineSnapshot = launchSnapshot(definition, launched.data as unknown as LaunchData);
  const views = [definition.view(snapshot)];
  for (const event of rest) {
    // A refused event changes nothing; verify reports it.
    snapshot = applyEvents(definition, snapshot, [event], ignoreRefusal);
    views.push(definition.view(snapshot));
  }
  return views;
}

function installed(launch: LaunchData): WorkflowDefinition | undefined {
  try {
    return findWorkflow(launch.workflow, launch.version);
  } catch {
    return undefined;
  }
}

/** The entry for one stored event (any stream: contributions carry no changes). */
export function entryOf(event: StoredEvent, changes: FieldChange[] = []): HistoryEntry {
  const { metadata, data } = event;
  const reason = metadata.reason ?? (typeof data.reason === 'string' ? data.reason : undefined);
  const effectiveAt = effectiveAtOf(data, metadata.recordedAt);
  return {
    revision: event.revision, position: event.position, id: event.id, type: event.type, data,
    actor: metadata.actor, recordedAt: metadata.recordedAt,
    ...(effectiveAt !== undefined && { effectiveAt }),
    ...(reason !== undefined && { reason }),
    changes, documents: documentsOf(data),
    ...(metadata.workflow !== undefined && { workflow: metadata.workflow }),
    correlationId: metadata.correlationId, causationId: metadata.causationId, prevHash: event.prevHash, hash: event.hash,
  };
}

function effectiveAtOf(data: Record<string, unknown>, recordedAt: string): string | undefined {
  const value = EFFECTIVE_FIELDS.map((field) => data[field]).find((v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  return value !== undefined && Date.parse(value) !== Date.parse(recordedAt) ? value : undefined;
}

/** `documentRef`, `documentRefs` and `reference` of the data, once each, in that order. */
export function documentsOf(data: Record<string, unknown>): string[] {
  const refs = [data.documentRef, ...(Array.isArray(data.documentRefs) ? data.documentRefs : []), data.reference];
  return [...new Set(refs.filter((ref): ref is string => typeof ref === 'string' && ref.length > 0))];
}
