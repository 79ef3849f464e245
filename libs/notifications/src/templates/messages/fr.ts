import type { Messages } from './messages.types';

/** When a reminder's target falls due, in its title: how long until it, or when it was due for a late one. */
const WHEN = '{late, select, true { le {targetAt}} other { dans {span}}}';

const REASON = '{hasReason, select, true { Motif : {reason}} other {}}';
const A_MEETING = '{hasPhaseKey, select, true {La réunion « {phaseTitle} »} other {Une réunion}}';

/** French. Apostrophes are typographic (’): a straight one starts an ICU quote. */
export const fr: Messages = {
  types: {
    'consultation.launched': {
      title: 'Nouvelle consultation : {consultationTitle}',
      body: 'Destinataires : {addressees}\nObjet : {consultationTitle}{hasReference, select, true { (réf. {reference})} other {}}\n\n'
        + 'Le secrétariat a l’honneur d’annoncer le lancement, le {launchedAt}, d’une consultation sur « {consultationTitle} ». '
        + 'Elle s’adresse aux destinataires suivants : {addressees}. Les projets, les échéances et les réunions feront l’objet d’avis ultérieurs.',
    },
    'draft.published': {
      title: '{final, select, true {Projet final publié} other {Projet publié}} : {consultationTitle}',
      body: '{final, select, true {Le projet final} other {Le projet}} {documentRef} (version {version}) relatif à la consultation '
        + '« {consultationTitle} » a été publié le {publishedAt}.',
    },
    'consultation.opened': {
      title: 'Ouverture aux contributions : {consultationTitle}',
      body: 'Le cycle {round} de la consultation « {consultationTitle} » a été ouvert le {openedAt}. '
        + 'Les contributions sont attendues jusqu’au {closesAt}.',
    },
    'deadline.reminder': {
      title: `{late, select, true {Rappel tardif} other {Rappel}} : {targetKind, select, consultation_closes {clôture de « {consultationTitle} »${WHEN}} `
        + `phase_ends {fin de la phase « {targetTitle} »${WHEN} — {consultationTitle}} meeting_starts {réunion « {targetTitle} »${WHEN} — {consultationTitle}} `
        + `other {échéance « {targetTitle} »${WHEN} — {consultationTitle}}}`,
      body: '{late, select, true {Ce rappel, prévu {span} avant l’échéance, est envoyé en retard. } other {}}'
        + '{targetKind, select, consultation_closes {Clôture de la consultation « {consultationTitle} »} phase_ends {Fin de la phase : {targetTitle}} '
        + 'meeting_starts {Réunion : {targetTitle}} other {Échéance : {targetTitle}}} — {targetAt}{late, select, true {.} other {, dans {span}.}}',
    },
    'deadline.changed': {
      title: 'Échéance modifiée : {consultationTitle}',
      body: '{hasPhaseKey, select, true {La fin de la phase « {phaseTitle} »} other {La date de clôture}} de la consultation '
        + '« {consultationTitle} » a été fixée au {newAt}{hasPreviousAt, select, true { (au lieu du {previousAt})} other {}}.' + REASON,
    },
    'consultation.closed': {
      title: 'Clôture de la consultation : {consultationTitle}',
      body: 'La consultation « {consultationTitle} » a été close le {closedAt}{automatic, select, true {, au terme de la période prévue} other {}}. '
        + 'Les contributions ne sont plus acceptées.' + REASON,
    },
    'meeting.scheduled': {
      title: 'Réunion programmée : {consultationTitle}',
      body: 'Une réunion de la consultation « {consultationTitle} » se tiendra {format}{hasLocation, select, true { ({location})} other {}} '
        + 'du {startsAt} au {endsAt}.',
    },
    'meeting.rescheduled': {
      title: 'Réunion reprogrammée : {consultationTitle}',
      body: A_MEETING + ' de la consultation « {consultationTitle} » a été reprogrammée'
        + '{hasPreviousStartsAt, select, true { (initialement prévue le {previousStartsAt})} other {}}. '
        + 'Elle se tiendra désormais du {startsAt} au {endsAt}.' + REASON,
    },
    'meeting.format-changed': {
      title: 'Changement de format de réunion : {consultationTitle}',
      body: A_MEETING + ' de la consultation « {consultationTitle} » se tiendra désormais {format}'
        + '{hasPreviousFormat, select, true { (auparavant : {previousFormat})} other {}}.' + REASON,
    },
    'phase.started': {
      title: 'Nouvelle phase : {phaseTitle} — {consultationTitle}',
      body: 'La phase « {phaseTitle} » de la consultation « {consultationTitle} » a débuté le {startedAt}.',
    },
    'council.submitted': {
      title: 'Transmission au Conseil : {consultationTitle}',
      body: 'Les résultats de la consultation « {consultationTitle} » ont été transmis au Conseil à sa session {session} '
        + '(documents : {documentRefs}), pour examen du {considerationStartsAt} au {considerationEndsAt}.',
    },
    'council.postponed': {
      title: 'Report de l’examen par le Conseil : {consultationTitle}',
      body: 'L’examen par le Conseil de la consultation « {consultationTitle} » a été reporté'
        + '{hasFromSession, select, true { de la session {fromSession}} other {}} à la session {session}, '
        + 'du {considerationStartsAt} au {considerationEndsAt}.' + REASON,
    },
    'council.decided': {
      title: 'Décision du Conseil : {consultationTitle}',
      body: '{mode, select, correspondence {Par correspondance (session {session}), le Conseil} other {À sa session {session}, le Conseil}} '
        + '{outcome, select, approved {a approuvé les résultats de la consultation « {consultationTitle} »} '
        + 'further_consultation {a décidé que la consultation « {consultationTitle} » appelait une consultation complémentaire} '
        + 'other {a reporté sa décision sur la consultation « {consultationTitle} »}}.{hasReference, select, true { Référence : {reference}.} other {}}',
    },
    'contributions.published': {
      title: 'Publication de contributions : {consultationTitle}',
      body: 'Le {publishedAt}, {count, plural, one {# contribution à la consultation « {consultationTitle} » a été publiée} '
        + 'other {# contributions à la consultation « {consultationTitle} » ont été publiées}}.',
    },
    'consultation.withdrawn': {
      title: 'Retrait de la consultation : {consultationTitle}',
      body: 'La consultation « {consultationTitle} » a été retirée le {withdrawnAt}.' + REASON,
    },
    'audit.checkpoint': {
      title: 'Point de contrôle d’audit de {origin} : {treeSize} événements',
      body: 'Le journal {origin} a été scellé le {issuedAt} : {treeSize} événements, empreinte racine {rootHash}. Conservez cette note signée : avec elle, `consult verify --checkpoint FICHIER` prouvera plus tard qu’aucun événement enregistré avant elle n’a été modifié, supprimé ni réordonné.\n\n{note}',
    },
  },
  format: { physical: 'en présentiel', virtual: 'en ligne', hybrid: 'en format hybride' },
  group: {
    'member-state': 'États Membres', 'sector-member': 'Membres de Secteur', associate: 'Associés',
    academia: 'établissements universitaires', observer: 'observateurs', 'civil-society': 'société civile',
    'private-sector': 'secteur privé', 'technical-community': 'communauté technique',
    'international-organization': 'organisations internationales',
  },
  span: '{unit, select, day {{amount, plural, one {# jour} other {# jours}}} hour {{amount, plural, one {# heure} other {# heures}}} '
    + 'other {{amount, plural, one {# minute} other {# minutes}}}}',
  zone: '{date} ({zone})',
};
