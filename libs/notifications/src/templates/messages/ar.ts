import type { Messages } from './messages.types';

/**
 * A phase's or meeting's name in a reminder's text, isolated (U+2068 … U+2069): a Latin name
 * ("ocm-1") next to the date's digits otherwise runs into them, and "ocm-1 — 23 أبريل" shows as
 * "23 — ocm-1 أبريل" right to left.
 */
const NAME = '\u2068{targetTitle}\u2069';

/** When a reminder's target falls due, in its title: how long until it, or when it was due for a late one. */
const WHEN = '{late, select, true { في {targetAt}} other { بعد {span}}}';

const REASON = '{hasReason, select, true { السبب: {reason}} other {}}';

/** Arabic: plurals zero/one/two/few/many/other; the spans read after بعد and بمدة (genitive). */
export const ar: Messages = {
  types: {
    'consultation.launched': {
      title: 'مشاورة جديدة: {consultationTitle}',
      body: 'إلى: {addressees}\nالموضوع: {consultationTitle}{hasReference, select, true { (المرجع: {reference})} other {}}\n\n'
        + 'تتشرف الأمانة بالإعلان عن إطلاق مشاورة بشأن «{consultationTitle}» بتاريخ {launchedAt}، وهي موجهة إلى {addressees}. '
        + 'وسيُعلن عن المسودات والمواعيد النهائية والاجتماعات في إشعارات لاحقة.',
    },
    'draft.published': {
      title: '{final, select, true {نشر المسودة النهائية} other {نشر مسودة}}: {consultationTitle}',
      body: 'نُشرت {final, select, true {المسودة النهائية} other {المسودة}} {documentRef} (الإصدار {version}) الخاصة بالمشاورة '
        + '«{consultationTitle}» بتاريخ {publishedAt}.',
    },
    'consultation.opened': {
      title: 'فتح باب المساهمات: {consultationTitle}',
      body: 'فُتحت الجولة {round} من المشاورة «{consultationTitle}» بتاريخ {openedAt}، ويمكن تقديم المساهمات حتى {closesAt}.',
    },
    'deadline.reminder': {
      title: `{late, select, true {تذكير متأخر} other {تذكير}}: {targetKind, select, consultation_closes {إغلاق المشاورة «{consultationTitle}»${WHEN}} `
        + `phase_ends {نهاية المرحلة «{targetTitle}»${WHEN} — {consultationTitle}} meeting_starts {اجتماع «{targetTitle}»${WHEN} — {consultationTitle}} `
        + `other {موعد نهائي «{targetTitle}»${WHEN} — {consultationTitle}}}`,
      body: '{late, select, true {يُرسل هذا التذكير متأخرًا، وكان موعده قبل الموعد النهائي بمدة {span}. } other {}}'
        + `{targetKind, select, consultation_closes {إغلاق المشاورة «{consultationTitle}»} phase_ends {نهاية المرحلة: ${NAME}} `
        + `meeting_starts {اجتماع: ${NAME}} other {موعد نهائي: ${NAME}}} — {targetAt}{late, select, true {.} other {، أي بعد {span}.}}`,
    },
    'deadline.changed': {
      title: 'تعديل موعد نهائي: {consultationTitle}',
      body: 'عُدّل {hasPhaseKey, select, true {موعد نهاية المرحلة «{phaseTitle}» من المشاورة} other {موعد إغلاق المشاورة}} '
        + '«{consultationTitle}»{hasPreviousAt, select, true { من {previousAt}} other {}} إلى {newAt}.' + REASON,
    },
    'consultation.closed': {
      title: 'إغلاق المشاورة: {consultationTitle}',
      body: 'أُغلقت المشاورة «{consultationTitle}» بتاريخ {closedAt}{automatic, select, true {، بانتهاء مدتها المقررة} other {}}، '
        + 'ولم يعد يُقبل تقديم المساهمات.' + REASON,
    },
    'meeting.scheduled': {
      title: 'تحديد موعد اجتماع: {consultationTitle}',
      body: 'يُعقد اجتماع في إطار المشاورة «{consultationTitle}» {format}{hasLocation, select, true { ({location})} other {}} '
        + 'من {startsAt} إلى {endsAt}.',
    },
    'meeting.rescheduled': {
      title: 'تغيير موعد اجتماع: {consultationTitle}',
      body: 'تقرر تغيير موعد {hasPhaseKey, select, true {الاجتماع «{phaseTitle}»} other {اجتماع}} في إطار المشاورة «{consultationTitle}»'
        + '{hasPreviousStartsAt, select, true { (وكان مقررًا في {previousStartsAt})} other {}}، وسيُعقد من {startsAt} إلى {endsAt}.' + REASON,
    },
    'meeting.format-changed': {
      title: 'تغيير صيغة اجتماع: {consultationTitle}',
      body: 'سيُعقد {hasPhaseKey, select, true {الاجتماع «{phaseTitle}»} other {اجتماع}} في إطار المشاورة «{consultationTitle}» {format}'
        + '{hasPreviousFormat, select, true { (وكان مقررًا {previousFormat})} other {}}.' + REASON,
    },
    'phase.started': {
      title: 'مرحلة جديدة: {phaseTitle} — {consultationTitle}',
      body: 'بدأت المرحلة «{phaseTitle}» من المشاورة «{consultationTitle}» بتاريخ {startedAt}.',
    },
    'council.submitted': {
      title: 'الإحالة إلى المجلس: {consultationTitle}',
      body: 'أُحيلت نتائج المشاورة «{consultationTitle}» إلى المجلس في دورته {session} (الوثائق: {documentRefs}) '
        + 'للنظر فيها من {considerationStartsAt} إلى {considerationEndsAt}.',
    },
    'council.postponed': {
      title: 'إرجاء نظر المجلس: {consultationTitle}',
      body: 'أُرجئ نظر المجلس في نتائج المشاورة «{consultationTitle}»{hasFromSession, select, true { من الدورة {fromSession}} other {}} '
        + 'إلى الدورة {session}، من {considerationStartsAt} إلى {considerationEndsAt}.' + REASON,
    },
    'council.decided': {
      title: 'قرار المجلس: {consultationTitle}',
      body: '{mode, select, correspondence {قرر المجلس بالمراسلة (الدورة {session})} other {قرر المجلس في دورته {session}}} '
        + '{outcome, select, approved {الموافقة على نتائج المشاورة «{consultationTitle}»} '
        + 'further_consultation {أن المشاورة «{consultationTitle}» تتطلب مزيدًا من التشاور} '
        + 'other {إرجاء البت في المشاورة «{consultationTitle}»}}.{hasReference, select, true { المرجع: {reference}.} other {}}',
    },
    'contributions.published': {
      title: 'نشر المساهمات: {consultationTitle}',
      body: 'بتاريخ {publishedAt}، {count, plural, zero {لم تُنشر أي مساهمة} one {نُشرت مساهمة واحدة} two {نُشرت مساهمتان} '
        + 'few {نُشرت # مساهمات} many {نُشرت # مساهمة} other {نُشرت # مساهمة}} في إطار المشاورة «{consultationTitle}».',
    },
    'consultation.withdrawn': {
      title: 'سحب المشاورة: {consultationTitle}',
      body: 'سُحبت المشاورة «{consultationTitle}» بتاريخ {withdrawnAt}.' + REASON,
    },
    'audit.checkpoint': {
      title: 'نقطة تحقق لتدقيق {origin}: {treeSize} من الأحداث',
      body: 'ثُبّت السجل {origin} في {issuedAt}: عدد الأحداث {treeSize}، وبصمة الجذر {rootHash}. احتفظوا بهذه المذكرة الموقعة: بها يثبت الأمر `consult verify --checkpoint FILE` لاحقًا أنه لم يُعدَّل أي حدث سُجّل قبلها ولم يُحذف ولم يُغيَّر ترتيبه.\n\n{note}',
    },
  },
  format: { physical: 'حضوريًا', virtual: 'عبر الإنترنت', hybrid: 'بصيغة مختلطة' },
  group: {
    'member-state': 'الدول الأعضاء', 'sector-member': 'أعضاء القطاعات', associate: 'المنتسبين', academia: 'الهيئات الأكاديمية',
    observer: 'المراقبين', 'civil-society': 'المجتمع المدني', 'private-sector': 'القطاع الخاص', 'technical-community': 'المجتمع التقني',
    'international-organization': 'المنظمات الدولية',
  },
  span: '{unit, select, day {{amount, plural, zero {# يوم} one {يوم واحد} two {يومين} few {# أيام} many {# يومًا} other {# يوم}}} '
    + 'hour {{amount, plural, zero {# ساعة} one {ساعة واحدة} two {ساعتين} few {# ساعات} many {# ساعة} other {# ساعة}}} '
    + 'other {{amount, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}}}',
  zone: '{date} ({zone})',
};
