import type { Messages } from './messages.types';

/** When a reminder's target falls due, in its title: how long until it, or when it was due for a late one. */
const WHEN = '{late, select, true { el {targetAt}} other { dentro de {span}}}';

const REASON = '{hasReason, select, true { Motivo: {reason}} other {}}';
const A_MEETING = '{hasPhaseKey, select, true {La reunión «{phaseTitle}»} other {Una reunión}}';

/** Spanish. */
export const es: Messages = {
  types: {
    'consultation.launched': {
      title: 'Nueva consulta: {consultationTitle}',
      body: 'A: {addressees}\nAsunto: {consultationTitle}{hasReference, select, true { (ref. {reference})} other {}}\n\n'
        + 'La secretaría tiene el honor de anunciar que el {launchedAt} se inició una consulta sobre «{consultationTitle}», '
        + 'dirigida a: {addressees}. Los proyectos, plazos y reuniones se anunciarán en avisos posteriores.',
    },
    'draft.published': {
      title: '{final, select, true {Publicación del proyecto final} other {Publicación de un proyecto}}: {consultationTitle}',
      body: '{final, select, true {El proyecto final} other {El proyecto}} {documentRef} (versión {version}) de la consulta '
        + '«{consultationTitle}» se publicó el {publishedAt}.',
    },
    'consultation.opened': {
      title: 'Apertura a contribuciones: {consultationTitle}',
      body: 'La ronda {round} de la consulta «{consultationTitle}» se abrió el {openedAt}. '
        + 'Se invita a presentar contribuciones hasta el {closesAt}.',
    },
    'deadline.reminder': {
      title: `{late, select, true {Recordatorio tardío} other {Recordatorio}}: {targetKind, select, consultation_closes {cierre de «{consultationTitle}»${WHEN}} `
        + `phase_ends {fin de la fase «{targetTitle}»${WHEN} — {consultationTitle}} meeting_starts {reunión «{targetTitle}»${WHEN} — {consultationTitle}} `
        + `other {plazo «{targetTitle}»${WHEN} — {consultationTitle}}}`,
      body: '{late, select, true {Este recordatorio, previsto {span} antes del plazo, se envía con retraso. } other {}}'
        + '{targetKind, select, consultation_closes {Cierre de la consulta «{consultationTitle}»} phase_ends {Fin de la fase: {targetTitle}} '
        + 'meeting_starts {Reunión: {targetTitle}} other {Plazo: {targetTitle}}} — {targetAt}{late, select, true {.} other {, dentro de {span}.}}',
    },
    'deadline.changed': {
      title: 'Modificación de plazo: {consultationTitle}',
      body: '{hasPhaseKey, select, true {El final de la fase «{phaseTitle}»} other {La fecha de cierre}} de la consulta '
        + '«{consultationTitle}» se ha fijado para el {newAt}{hasPreviousAt, select, true { (antes: {previousAt})} other {}}.' + REASON,
    },
    'consultation.closed': {
      title: 'Cierre de la consulta: {consultationTitle}',
      body: 'La consulta «{consultationTitle}» se cerró el {closedAt}{automatic, select, true {, al término del periodo previsto} other {}}. '
        + 'Ya no se aceptan contribuciones.' + REASON,
    },
    'meeting.scheduled': {
      title: 'Reunión programada: {consultationTitle}',
      body: 'Se celebrará una reunión de la consulta «{consultationTitle}» {format}{hasLocation, select, true { ({location})} other {}} '
        + 'desde el {startsAt} hasta el {endsAt}.',
    },
    'meeting.rescheduled': {
      title: 'Reunión reprogramada: {consultationTitle}',
      body: A_MEETING + ' de la consulta «{consultationTitle}» se ha reprogramado'
        + '{hasPreviousStartsAt, select, true { (prevista inicialmente para el {previousStartsAt})} other {}}. '
        + 'Se celebrará desde el {startsAt} hasta el {endsAt}.' + REASON,
    },
    'meeting.format-changed': {
      title: 'Cambio de formato de reunión: {consultationTitle}',
      body: A_MEETING + ' de la consulta «{consultationTitle}» se celebrará ahora {format}'
        + '{hasPreviousFormat, select, true { (antes: {previousFormat})} other {}}.' + REASON,
    },
    'phase.started': {
      title: 'Nueva fase: {phaseTitle} — {consultationTitle}',
      body: 'La fase «{phaseTitle}» de la consulta «{consultationTitle}» comenzó el {startedAt}.',
    },
    'council.submitted': {
      title: 'Presentación al Consejo: {consultationTitle}',
      body: 'El resultado de la consulta «{consultationTitle}» se ha presentado al Consejo en su reunión {session} '
        + '(documentos: {documentRefs}), para su examen desde el {considerationStartsAt} hasta el {considerationEndsAt}.',
    },
    'council.postponed': {
      title: 'Aplazamiento del examen por el Consejo: {consultationTitle}',
      body: 'El examen por el Consejo de la consulta «{consultationTitle}» se ha aplazado'
        + '{hasFromSession, select, true { de la reunión {fromSession}} other {}} a la reunión {session}, '
        + 'desde el {considerationStartsAt} hasta el {considerationEndsAt}.' + REASON,
    },
    'council.decided': {
      title: 'Decisión del Consejo: {consultationTitle}',
      body: '{mode, select, correspondence {Por correspondencia (reunión {session}), el Consejo} other {En su reunión {session}, el Consejo}} '
        + '{outcome, select, approved {aprobó el resultado de la consulta «{consultationTitle}»} '
        + 'further_consultation {decidió que la consulta «{consultationTitle}» requiere una consulta adicional} '
        + 'other {aplazó su decisión sobre la consulta «{consultationTitle}»}}.{hasReference, select, true { Referencia: {reference}.} other {}}',
    },
    'contributions.published': {
      title: 'Publicación de contribuciones: {consultationTitle}',
      body: 'El {publishedAt} se {count, plural, one {publicó # contribución a la consulta «{consultationTitle}»} '
        + 'other {publicaron # contribuciones a la consulta «{consultationTitle}»}}.',
    },
    'consultation.withdrawn': {
      title: 'Retirada de la consulta: {consultationTitle}',
      body: 'La consulta «{consultationTitle}» se retiró el {withdrawnAt}.' + REASON,
    },
    'audit.checkpoint': {
      title: 'Punto de control de auditoría de {origin}: {treeSize} eventos',
      body: 'El registro {origin} se selló el {issuedAt}: {treeSize} eventos, hash raíz {rootHash}. Conserve esta nota firmada: con ella, `consult verify --checkpoint ARCHIVO` probará más adelante que ningún evento registrado antes fue modificado, eliminado ni reordenado.\n\n{note}',
    },
  },
  format: { physical: 'de forma presencial', virtual: 'en línea', hybrid: 'en formato híbrido' },
  group: {
    'member-state': 'Estados Miembros', 'sector-member': 'Miembros de Sector', associate: 'Asociados',
    academia: 'instituciones académicas', observer: 'observadores', 'civil-society': 'sociedad civil',
    'private-sector': 'sector privado', 'technical-community': 'comunidad técnica',
    'international-organization': 'organizaciones internacionales',
  },
  span: '{unit, select, day {{amount, plural, one {# día} other {# días}}} hour {{amount, plural, one {# hora} other {# horas}}} '
    + 'other {{amount, plural, one {# minuto} other {# minutos}}}}',
  zone: '{date} ({zone})',
};
