import type { StoredEvent } from '@consult/event-store';
import { historyEntries } from '../history/history-entries';
import { renderAuditReport, AuditReportInput } from './audit-report';
import { escapeHtml, html } from './html';

const LAUNCH = {
  consultationId: 'c1', workflow: 'council-approval', version: 1, reference: 'CL-19/47',
  title: { en: 'Guidelines <script>alert(1)</script>', ar: 'مبادئ توجيهية' },
  eligibleGroups: ['member-state'], timezone: 'Europe/Zurich', launchedAt: '2019-10-15T09:00:00+02:00',
};

function stored(events: { type: string; data: Record<string, unknown>; reason?: string }[]): StoredEvent[] {
  return events.map((event, revision) => ({
    id: `e${revision}`, type: event.type, data: event.data, stream: 'consultation-c1', revision, position: revision + 10,
    prevHash: `h${revision - 1}`, hash: `${'ab'.repeat(32)}`,
    metadata: {
      actor: { sub: 'sg', role: 'secretariat', name: 'Officer "<b>"' }, correlationId: 'c', causationId: 'c',
      workflow: 'council-approval@1', recordedAt: '2020-03-18T09:00:00Z', ...(event.reason && { reason: event.reason }),
    },
  }));
}

const history = historyEntries(stored([
  { type: 'ConsultationLaunched', data: LAUNCH },
  { type: 'MeetingScheduled', data: { meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical', scheduledAt: '2019-10-15T09:05:00+02:00' } },
  { type: 'MeetingRescheduled', reason: 'CL-20/18: <img src=x onerror=alert(1)>', data: { meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'x', rescheduledAt: '2020-03-18T10:00:00+01:00' } },
]));
const input: AuditReportInput = { lang: 'en', consultationId: 'c1', history, verification: { ok: true, events: 3, problems: [] } };

describe('the audit report', () => {
  it('escapes every text: a title or reason with markup shows as text', () => {
    const page = renderAuditReport(input);
    expect(page).not.toContain('<script>');
    expect(page).toContain('Guidelines &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<img');
    expect(page).toContain('CL-20/18: &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('Officer &quot;&lt;b&gt;&quot;');
  });

  it('tells the events in the history from the events verified, which count its contributions too', () => {
    const page = renderAuditReport({ ...input, verification: { ok: true, events: 7, problems: [] } });
    expect(page).toMatch(/Events in the history<\/dt>\s*<dd>3<\/dd>/);
    expect(page).toContain('(events verified, its contributions included: 7)');
    expect(renderAuditReport({ ...input, lang: 'ar', verification: { ok: true, events: 7, problems: [] } }))
      .toContain('(الأحداث التي تم التحقق منها، بما فيها المساهمات: 7)');
  });

  it('carries no inline style or script, and links its stylesheet', () => {
    const page = renderAuditReport(input);
    expect(page).not.toMatch(/<style|<script|<[^>]*\s(style|on\w+)=/i);
    expect(page).toContain('<link rel="stylesheet" href="/assets/audit-report.css">');
  });

  it('shows a reschedule with its old and new times in the consultation\'s time zone', () => {
    const page = renderAuditReport(input);
    expect(page).toMatch(/<del><time datetime="2020-04-06T14:00:00\+02:00">6 Apr 2020, 14:00<\/time><\/del> → <ins><time datetime="2020-04-23T13:00:00\+02:00">23 Apr 2020, 13:00<\/time><\/ins>/);
    expect(page).toContain('Meeting rescheduled');
    expect(page).toContain('Europe/Zurich');
  });

  it('is written right to left in Arabic, with Arabic labels and title', () => {
    const page = renderAuditReport({ ...input, lang: 'ar' });
    expect(page).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page).toContain('تقرير المراجعة');
    expect(page).toContain('تغيير موعد الاجتماع');
    expect(page).toContain('<h1>مبادئ توجيهية</h1>');
  });

  it('says plainly when no checkpoint covers the history, and shows the one that does', () => {
    expect(renderAuditReport(input)).toContain('No signed checkpoint is available');
    const note = 'example.org/consult\n12\nq83vEjR4Nw==\n\n\u2014 example.org/consult abc=\n';
    const page = renderAuditReport({ ...input, checkpoint: { treeSize: 12, rootHash: 'q83vEjR4Nw==', issuedAt: '2020-03-18T10:00:00Z', note } });
    expect(page).not.toContain('No signed checkpoint is available');
    expect(page).toContain(escapeHtml(note));
    expect(renderAuditReport({ ...input, checkpoint: { treeSize: 11, rootHash: 'x', issuedAt: '2020-03-18T10:00:00Z', note } })).toContain('No signed checkpoint is available');
  });

  it('reports a failed verification with its problems', () => {
    const page = renderAuditReport({ ...input, verification: { ok: false, events: 3, problems: [{ stream: 'consultation-c1', revision: 2, problem: 'hash-mismatch', detail: 'content differs' }] } });
    expect(page).toContain('Verification FAILED');
    expect(page).toContain('<code>consultation-c1@2</code> hash-mismatch: content differs');
  });
});

describe('html``', () => {
  it('escapes interpolated text, keeps nested templates, joins lists and drops absent values', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    expect(html`<ul title="${'"x"'}">${['<a>', '&'].map(item)}${undefined}${null}${false}</ul>`.value)
      .toBe('<ul title="&quot;x&quot;"><li>&lt;a&gt;</li><li>&amp;</li></ul>');
  });
});
