/** Who acts in a step: the secretariat, an auditor, or a participant of a group. */
export type Who =
  | 'secretariat'
  | 'auditor'
  | { participant: { group: string; org: string; name?: string } };

interface BaseStep {
  /** When it happens (ISO 8601 with offset): the manual clock is set here first. */
  at: string;
  /** What happened, in the words of the seed documents. */
  note: string;
  as?: Who;
  /** What the step must answer; the runner fails the timeline otherwise. */
  expect?: { status?: number; state?: string; phase?: string | null };
}

/** One moment of a seed timeline. */
export type Step =
  | (BaseStep & { kind: 'launch'; body: Record<string, unknown> })
  | (BaseStep & { kind: 'command'; type: string; payload: Record<string, unknown> })
  | (BaseStep & { kind: 'contribute'; body: Record<string, unknown> })
  | (BaseStep & { kind: 'publish-all' })
  | (BaseStep & { kind: 'clock' });

/** A seed process replayed with its real dates. */
export interface Timeline {
  name: string;
  title: string;
  steps: Step[];
}

export const participant = (group: string, org: string, name?: string): Who => ({ participant: { group, org, name } });
