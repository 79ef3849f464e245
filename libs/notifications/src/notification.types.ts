/** The notification types of DESIGN "Notifications": stable names, the same in every channel. */
export const NOTIFICATION_TYPES = [
  'consultation.launched',
  'draft.published',
  'consultation.opened',
  'deadline.reminder',
  'deadline.changed',
  'consultation.closed',
  'meeting.scheduled',
  'meeting.rescheduled',
  'meeting.format-changed',
  'phase.started',
  'council.submitted',
  'council.postponed',
  'council.decided',
  'contributions.published',
  'consultation.withdrawn',
  'audit.checkpoint',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * Types a subscription receives only when it names them in `types` (an extension of DESIGN's
 * list): a signed checkpoint of the whole log, for auditors and the secretariat.
 */
export const OPT_IN_NOTIFICATION_TYPES: readonly NotificationType[] = ['audit.checkpoint'];

/** The consultation reference of a notification about the whole log rather than one consultation. */
export const WHOLE_LOG: ConsultationRef = { id: '', title: { en: 'Consultation log' }, reference: null, timezone: 'UTC', eligibleGroups: [] };

/** The languages texts are written in; any other falls back to English. */
export const NOTIFICATION_LANGUAGES = ['ar', 'en', 'fr', 'es', 'ru', 'zh'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/** Delivery channels a subscription names; every notification is also in the in-app feed. */
export const SUBSCRIPTION_CHANNELS = ['email', 'webhook'] as const;
export type SubscriptionChannel = (typeof SUBSCRIPTION_CHANNELS)[number];

/** The consultation as notifications need it: its title and reference, its zone (dates), whom it addresses. */
export interface ConsultationRef {
  id: string;
  title: Record<string, string>;
  reference?: string | null;
  timezone: string;
  eligibleGroups: string[];
}

/** Parameter values a text may use: instants are ISO 8601 strings, formatted in the consultation's zone. */
export type NotificationParams = Record<string, string | number | boolean | null>;

/** What a notification says, before it is put into words in a reader's language. */
export interface NotificationContent {
  type: NotificationType;
  params: NotificationParams;
}

/** A notification's words in one language. */
export interface RenderedNotification {
  title: string;
  body: string;
  language: NotificationLanguage;
}

/** A notification to create for every subscriber it reaches (the writer finds them). */
export interface NotificationInput {
  content: NotificationContent;
  consultation: ConsultationRef;
  /**
   * What caused it, unique with the type: an event id, or a reminder id. A second write with
   * the same source and type for the same subscription creates nothing.
   */
  sourceKey: string;
  /** The store position of the event behind it: subscriptions made after that event are not addressed. Absent for reminders. */
  position?: number;
  /** When what it reports happened (the event's time, or the reminder's due time). */
  occurredAt: string;
}
