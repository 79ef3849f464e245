import type { ConsultationView } from '@consult/workflows';

/** A value an audited field can hold: the view's dates, names and counts, or null when absent. */
export type AuditedValue = string | number | boolean | null;

/** One thing an event changed: `from` is null for something new, `to` null for something gone. */
export interface FieldChange {
  field: string;
  from: AuditedValue;
  to: AuditedValue;
}

/** The fields of a view's collections an auditor follows, and the key that names each item. */
const COLLECTIONS: { name: string; key: string; fields: string[] }[] = [
  { name: 'rounds', key: 'number', fields: ['closesAt'] },
  { name: 'meetings', key: 'id', fields: ['startsAt', 'endsAt', 'format', 'location', 'status'] },
  { name: 'phases', key: 'key', fields: ['startsAt', 'endsAt', 'format', 'status'] },
];
const COUNCIL_FIELDS = ['session', 'considerationStartsAt', 'considerationEndsAt'];

const isAudited = (value: unknown): value is AuditedValue =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * The audited fields of a view, flattened to `name[key].field` paths: state, phase, round
 * deadlines, meeting dates/format/location/status, phase dates/format/status and the
 * pending Council session with its consideration dates. Meetings that are a phase's own
 * view (phased-forum) are left to the phase, so one change is not reported twice.
 */
export function auditedFields(view: ConsultationView | null): Map<string, AuditedValue> {
  const fields = new Map<string, AuditedValue>();
  if (!view) return fields;
  fields.set('state', view.state);
  if (view.phase !== undefined) fields.set('phase', view.phase ?? null);
  const phaseKeys = new Set(itemsOf(view, 'phases').map((p) => String(p.key)));
  for (const { name, key, fields: names } of COLLECTIONS) {
    for (const item of itemsOf(view, name)) {
      if (name === 'meetings' && phaseKeys.has(String(item.id))) continue;
      for (const field of names) setIfAudited(fields, `${name}[${String(item[key])}].${field}`, item[field]);
    }
  }
  const council = view.council as Record<string, unknown> | null | undefined;
  if (council) for (const field of COUNCIL_FIELDS) setIfAudited(fields, `council.${field}`, council[field]);
  return fields;
}

function itemsOf(view: ConsultationView, name: string): Record<string, unknown>[] {
  const list = view[name];
  return Array.isArray(list) ? list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
}

function setIfAudited(fields: Map<string, AuditedValue>, path: string, value: unknown): void {
  if (value !== undefined && isAudited(value)) fields.set(path, value);
}

/** What differs between two views' audited fields, in the order the fields first appear. */
export function diffViews(before: ConsultationView | null, after: ConsultationView | null): FieldChange[] {
  const from = auditedFields(before);
  const to = auditedFields(after);
  const names = [...new Set([...from.keys(), ...to.keys()])];
  return names
    .map((field) => ({ field, from: from.get(field) ?? null, to: to.get(field) ?? null }))
    .filter((change) => change.from !== change.to);
}
