/** The languages the audit report is written in. */
export const REPORT_LANGUAGES = ['en', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** Every fixed text of the report, in one language. */
export interface ReportLabels {
  locale: string;
  dir: 'ltr' | 'rtl';
  arrow: string;
  heading: string;
  reference: string; workflow: string; consultationId: string; timezone: string; events: string; lastEvent: string;
  /** After the verdict: how many events were verified (the consultation's and its contributions'). */
  eventsVerified: string;
  verification: string; verified: string; notVerified: string; problems: string;
  checkpoint: string; noCheckpoint: string; origin: string; treeSize: string; rootHash: string; issuedAt: string;
  coversEvent: string; checkpointHint: string;
  decisions: string; noDecisions: string; session: string; outcome: string; mode: string; note: string;
  timeline: string; when: string; what: string; who: string; why: string; changed: string; documents: string; hash: string;
  effective: string; none: string;
  /** Event types, states, outcomes, modes, formats and roles, by their code. */
  terms: Record<string, string>;
  /** Parts of a change's field path (`meetings`, `startsAt` ...). */
  fields: Record<string, string>;
}

const en: ReportLabels = {
  locale: 'en-GB', dir: 'ltr', arrow: '→',
  heading: 'Audit report', reference: 'Reference', workflow: 'Workflow', consultationId: 'Consultation', timezone: 'Times in',
  events: 'Events in the history', lastEvent: 'Last event hash', eventsVerified: 'events verified, its contributions included',
  verification: 'Verification', verified: 'Verified: the hash chains are intact and every event is legal under the recorded workflow version.',
  notVerified: 'Verification FAILED', problems: 'Problems',
  checkpoint: 'Signed checkpoint', noCheckpoint: 'No signed checkpoint is available: this history is not yet covered by a checkpoint of the log.',
  origin: 'Log', treeSize: 'Tree size', rootHash: 'Root hash', issuedAt: 'Issued', coversEvent: 'Covers the last event (log position)',
  checkpointHint: 'Keep this note: `consult verify --checkpoint FILE` later proves that the log still extends it.',
  decisions: 'Council decisions', noDecisions: 'No Council decision recorded.', session: 'Session', outcome: 'Outcome', mode: 'Mode', note: 'Note',
  timeline: 'Timeline', when: 'When', what: 'What', who: 'Who', why: 'Why', changed: 'What changed', documents: 'Documents', hash: 'Hash',
  effective: 'effective', none: '—',
  terms: {
    ConsultationLaunched: 'Consultation launched', DraftPublished: 'Draft published', ConsultationOpened: 'Consultation opened',
    MeetingScheduled: 'Meeting scheduled', MeetingRescheduled: 'Meeting rescheduled', MeetingFormatChanged: 'Meeting format changed',
    MeetingRecorded: 'Meeting held', DeadlineExtended: 'Deadline extended', ConsultationClosed: 'Consultation closed',
    FinalDraftPublished: 'Final draft published', DraftSubmittedToCouncil: 'Submitted to Council',
    CouncilConsiderationPostponed: 'Council consideration postponed', CouncilDecisionRecorded: 'Council decision recorded',
    ContributionsPublished: 'Contributions published', ConsultationWithdrawn: 'Consultation withdrawn',
    PhaseAdvanced: 'Phase advanced', PhaseRescheduled: 'Phase rescheduled',
    preparing: 'preparing', draftPublished: 'draft published', consultationOpen: 'consultation open', consultationClosed: 'consultation closed',
    finalDraftPublished: 'final draft published', submittedToCouncil: 'submitted to Council', approved: 'approved',
    furtherConsultation: 'further consultation', withdrawn: 'withdrawn', notStarted: 'not started', running: 'running', concluded: 'concluded',
    'further-consultation': 'further consultation', deferred: 'deferred', session: 'in session', correspondence: 'by correspondence',
    physical: 'physical', virtual: 'virtual', hybrid: 'hybrid', scheduled: 'scheduled', held: 'held', pending: 'pending', current: 'current', ended: 'ended',
    secretariat: 'secretariat', participant: 'participant', auditor: 'auditor', system: 'system',
  },
  fields: {
    state: 'State', phase: 'Phase', meetings: 'Meeting', rounds: 'Round', phases: 'Phase', council: 'Council',
    startsAt: 'starts', endsAt: 'ends', closesAt: 'closes', format: 'format', location: 'location', status: 'status',
    session: 'session', considerationStartsAt: 'consideration starts', considerationEndsAt: 'consideration ends',
  },
};

const ar: ReportLabels = {
  locale: 'ar', dir: 'rtl', arrow: '←',
  heading: 'تقرير المراجعة', reference: 'المرجع', workflow: 'سير العمل', consultationId: 'المشاورة', timezone: 'الأوقات بتوقيت',
  events: 'الأحداث في السجل', lastEvent: 'بصمة آخر حدث', eventsVerified: 'الأحداث التي تم التحقق منها، بما فيها المساهمات',
  verification: 'التحقق', verified: 'تم التحقق: سلاسل البصمات سليمة وكل حدث مشروع وفق إصدار سير العمل المسجل.',
  notVerified: 'فشل التحقق', problems: 'المشكلات',
  checkpoint: 'نقطة التحقق الموقعة', noCheckpoint: 'لا تتوفر نقطة تحقق موقعة: لم تشمل أي نقطة تحقق للسجل هذا التاريخ بعد.',
  origin: 'السجل', treeSize: 'حجم الشجرة', rootHash: 'بصمة الجذر', issuedAt: 'تاريخ الإصدار', coversEvent: 'تشمل آخر حدث (الموضع في السجل)',
  checkpointHint: 'احتفظ بهذه الملاحظة: يثبت الأمر `consult verify --checkpoint FILE` لاحقاً أن السجل ما زال امتداداً لها.',
  decisions: 'قرارات المجلس', noDecisions: 'لم يُسجَّل أي قرار للمجلس.', session: 'الدورة', outcome: 'القرار', mode: 'الطريقة', note: 'ملاحظة',
  timeline: 'التسلسل الزمني', when: 'متى', what: 'ماذا', who: 'من', why: 'السبب', changed: 'ما الذي تغيّر', documents: 'الوثائق', hash: 'البصمة',
  effective: 'نافذ في', none: '—',
  terms: {
    ConsultationLaunched: 'إطلاق المشاورة', DraftPublished: 'نشر المسودة', ConsultationOpened: 'فتح المشاورة',
    MeetingScheduled: 'تحديد موعد اجتماع', MeetingRescheduled: 'تغيير موعد الاجتماع', MeetingFormatChanged: 'تغيير شكل الاجتماع',
    MeetingRecorded: 'عقد الاجتماع', DeadlineExtended: 'تمديد الموعد النهائي', ConsultationClosed: 'إغلاق المشاورة',
    FinalDraftPublished: 'نشر المسودة النهائية', DraftSubmittedToCouncil: 'التقديم إلى المجلس',
    CouncilConsiderationPostponed: 'تأجيل نظر المجلس', CouncilDecisionRecorded: 'تسجيل قرار المجلس',
    ContributionsPublished: 'نشر المساهمات', ConsultationWithdrawn: 'سحب المشاورة',
    PhaseAdvanced: 'الانتقال إلى مرحلة', PhaseRescheduled: 'تغيير موعد مرحلة',
    preparing: 'قيد الإعداد', draftPublished: 'المسودة منشورة', consultationOpen: 'المشاورة مفتوحة', consultationClosed: 'المشاورة مغلقة',
    finalDraftPublished: 'المسودة النهائية منشورة', submittedToCouncil: 'مقدَّمة إلى المجلس', approved: 'تمت الموافقة',
    furtherConsultation: 'مزيد من المشاورات', withdrawn: 'مسحوبة', notStarted: 'لم تبدأ', running: 'جارية', concluded: 'منتهية',
    'further-consultation': 'مزيد من المشاورات', deferred: 'مؤجَّل', session: 'في دورة', correspondence: 'بالمراسلة',
    physical: 'حضوري', virtual: 'افتراضي', hybrid: 'مختلط', scheduled: 'مقرر', held: 'عُقد', pending: 'قادمة', current: 'جارية', ended: 'منتهية',
    secretariat: 'الأمانة', participant: 'مشارك', auditor: 'مراجع', system: 'النظام',
  },
  fields: {
    state: 'الحالة', phase: 'المرحلة', meetings: 'الاجتماع', rounds: 'الجولة', phases: 'المرحلة', council: 'المجلس',
    startsAt: 'البداية', endsAt: 'النهاية', closesAt: 'الإغلاق', format: 'الشكل', location: 'المكان', status: 'الوضع',
    session: 'الدورة', considerationStartsAt: 'بداية النظر', considerationEndsAt: 'نهاية النظر',
  },
};

/** The labels of a report language. */
export const reportLabels = (lang: ReportLanguage): ReportLabels => (lang === 'ar' ? ar : en);
