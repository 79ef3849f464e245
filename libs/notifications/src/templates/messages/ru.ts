import type { Messages } from './messages.types';

/** When a reminder's target falls due, in its title: how long until it, or when it was due for a late one. */
const WHEN = '{late, select, true { {targetAt}} other { через {span}}}';

const REASON = '{hasReason, select, true { Причина: {reason}} other {}}';
const A_MEETING = '{hasPhaseKey, select, true {Собрание «{phaseTitle}»} other {Собрание}}';

/** Russian: plurals one/few/many/other. */
export const ru: Messages = {
  types: {
    'consultation.launched': {
      title: 'Новая консультация: {consultationTitle}',
      body: 'Кому: {addressees}\nТема: {consultationTitle}{hasReference, select, true { (№ {reference})} other {}}\n\n'
        + 'Секретариат имеет честь сообщить, что {launchedAt} начата консультация по теме «{consultationTitle}». '
        + 'Она адресована следующим участникам: {addressees}. О проектах, сроках и собраниях будет сообщено дополнительно.',
    },
    'draft.published': {
      title: '{final, select, true {Опубликован окончательный проект} other {Опубликован проект}}: {consultationTitle}',
      body: '{final, select, true {Окончательный проект} other {Проект}} {documentRef} (версия {version}) по консультации '
        + '«{consultationTitle}» опубликован {publishedAt}.',
    },
    'consultation.opened': {
      title: 'Открыт прием материалов: {consultationTitle}',
      body: 'Раунд {round} консультации «{consultationTitle}» открыт {openedAt}. Материалы принимаются до {closesAt}.',
    },
    'deadline.reminder': {
      title: `{late, select, true {Запоздалое напоминание} other {Напоминание}}: {targetKind, select, consultation_closes {завершение консультации «{consultationTitle}»${WHEN}} `
        + `phase_ends {окончание этапа «{targetTitle}»${WHEN} — {consultationTitle}} meeting_starts {собрание «{targetTitle}»${WHEN} — {consultationTitle}} `
        + `other {срок «{targetTitle}»${WHEN} — {consultationTitle}}}`,
      body: '{late, select, true {Это напоминание, запланированное за {span} до срока, отправлено с опозданием. } other {}}'
        + '{targetKind, select, consultation_closes {Завершение консультации «{consultationTitle}»} phase_ends {Окончание этапа: {targetTitle}} '
        + 'meeting_starts {Собрание: {targetTitle}} other {Срок: {targetTitle}}} — {targetAt}{late, select, true {.} other {, через {span}.}}',
    },
    'deadline.changed': {
      title: 'Изменен срок: {consultationTitle}',
      body: '{hasPhaseKey, select, true {Срок окончания этапа «{phaseTitle}»} other {Срок завершения}} консультации '
        + '«{consultationTitle}» перенесен{hasPreviousAt, select, true { с {previousAt}} other {}} на {newAt}.' + REASON,
    },
    'consultation.closed': {
      title: 'Консультация завершена: {consultationTitle}',
      body: 'Консультация «{consultationTitle}» завершена {closedAt}{automatic, select, true { по истечении установленного срока} other {}}. '
        + 'Материалы больше не принимаются.' + REASON,
    },
    'meeting.scheduled': {
      title: 'Назначено собрание: {consultationTitle}',
      body: 'Собрание в рамках консультации «{consultationTitle}» состоится {format}{hasLocation, select, true { ({location})} other {}} '
        + 'с {startsAt} до {endsAt}.',
    },
    'meeting.rescheduled': {
      title: 'Собрание перенесено: {consultationTitle}',
      body: A_MEETING + ' в рамках консультации «{consultationTitle}» перенесено'
        + '{hasPreviousStartsAt, select, true { (ранее было назначено на {previousStartsAt})} other {}}. '
        + 'Теперь оно состоится с {startsAt} до {endsAt}.' + REASON,
    },
    'meeting.format-changed': {
      title: 'Изменен формат собрания: {consultationTitle}',
      body: A_MEETING + ' в рамках консультации «{consultationTitle}» теперь пройдет {format}'
        + '{hasPreviousFormat, select, true { (ранее — {previousFormat})} other {}}.' + REASON,
    },
    'phase.started': {
      title: 'Новый этап: {phaseTitle} — {consultationTitle}',
      body: 'Этап «{phaseTitle}» консультации «{consultationTitle}» начался {startedAt}.',
    },
    'council.submitted': {
      title: 'Представлено Совету: {consultationTitle}',
      body: 'Итоги консультации «{consultationTitle}» представлены Совету на его сессии {session} (документы: {documentRefs}) '
        + 'для рассмотрения с {considerationStartsAt} по {considerationEndsAt}.',
    },
    'council.postponed': {
      title: 'Рассмотрение Советом отложено: {consultationTitle}',
      body: 'Рассмотрение Советом итогов консультации «{consultationTitle}» перенесено'
        + '{hasFromSession, select, true { с сессии {fromSession}} other {}} на сессию {session}, '
        + 'с {considerationStartsAt} по {considerationEndsAt}.' + REASON,
    },
    'council.decided': {
      title: 'Решение Совета: {consultationTitle}',
      body: '{mode, select, correspondence {Путем переписки (сессия {session}) Совет} other {На своей сессии {session} Совет}} '
        + '{outcome, select, approved {утвердил итоги консультации «{consultationTitle}»} '
        + 'further_consultation {постановил, что по теме консультации «{consultationTitle}» требуются дополнительные консультации} '
        + 'other {отложил решение по консультации «{consultationTitle}»}}.{hasReference, select, true { Ссылка: {reference}.} other {}}',
    },
    'contributions.published': {
      title: 'Опубликованы материалы: {consultationTitle}',
      body: '{publishedAt} {count, plural, one {опубликован # материал} few {опубликовано # материала} many {опубликовано # материалов} '
        + 'other {опубликовано # материала}} по консультации «{consultationTitle}».',
    },
    'consultation.withdrawn': {
      title: 'Консультация отозвана: {consultationTitle}',
      body: 'Консультация «{consultationTitle}» отозвана {withdrawnAt}.' + REASON,
    },
    'audit.checkpoint': {
      title: 'Контрольная точка аудита {origin}: событий — {treeSize}',
      body: 'Журнал {origin} зафиксирован {issuedAt}: событий — {treeSize}, корневой хеш {rootHash}. Сохраните эту подписанную заметку: с ней `consult verify --checkpoint ФАЙЛ` позже докажет, что ни одно событие, записанное до неё, не было изменено, удалено или переставлено.\n\n{note}',
    },
  },
  format: { physical: 'в очном формате', virtual: 'в онлайн-формате', hybrid: 'в гибридном формате' },
  group: {
    'member-state': 'Государства-Члены', 'sector-member': 'Члены Секторов', associate: 'Ассоциированные члены',
    academia: 'академические организации', observer: 'наблюдатели', 'civil-society': 'гражданское общество',
    'private-sector': 'частный сектор', 'technical-community': 'техническое сообщество',
    'international-organization': 'международные организации',
  },
  span: '{unit, select, day {{amount, plural, one {# день} few {# дня} many {# дней} other {# дня}}} '
    + 'hour {{amount, plural, one {# час} few {# часа} many {# часов} other {# часа}}} '
    + 'other {{amount, plural, one {# минуту} few {# минуты} many {# минут} other {# минуты}}}}',
  zone: '{date} ({zone})',
};
