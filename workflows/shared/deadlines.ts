import type { ConsultationView, Deadline } from '../workflow-definition';
import { earliest } from './time';

/** The earliest of a consultation's deadlines, as its view and summary show it. */
export function nextDeadline(deadlines: Deadline[]): ConsultationView['nextDeadline'] {
  const next = earliest(deadlines, (d) => d.dueAt);
  return next ? { key: next.key, kind: next.kind, dueAt: next.dueAt } : null;
}
