import type { NotificationLanguage } from '../../notification.types';
import { resolveLanguage } from '../../templates/render';
import type { DeliveryTarget, OutgoingNotification } from '../channel';
import { escapeHtml, htmlDocument, htmlLink, htmlParagraphs } from './email-html';
import type { EmailLinks } from './email-links';
import { EMAIL_TEXTS, type EmailTexts } from './email-texts';

/** One message, ready for the SMTP transport (the channel adds From and Message-ID). */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  language: NotificationLanguage;
}

/** The subscription a message goes to: its id (for links), address and language. */
export type EmailRecipient = Pick<DeliveryTarget, 'id' | 'address' | 'language'>;

/** A notice in a daily digest. */
export type DigestItem = Pick<OutgoingNotification, 'type' | 'consultationId' | 'rendered' | 'occurredAt'>;

/**
 * One notification as an e-mail: the rendered title as subject, its body, a link to the
 * consultation, one-click unsubscribe (RFC 8058) and the headers mail filters can match.
 */
export function notificationMessage(notification: OutgoingNotification, links: EmailLinks): EmailMessage {
  const { rendered, subscription } = notification;
  const language = rendered.language;
  const texts = EMAIL_TEXTS[language];
  const dashboard = links.dashboard(notification.consultationId);
  const text = [rendered.title, rendered.body, `${texts.openConsultation}: ${dashboard}`].join('\n\n');
  const html = [`<h1>${escapeHtml(rendered.title)}</h1>`, htmlParagraphs(rendered.body), `<p>${htmlLink(dashboard, texts.openConsultation)}</p>`].join('\n');
  return withFooter(subscription, links, language, {
    subject: rendered.title, text, html,
    headers: { 'X-Consult-Notification': notification.type, 'X-Consult-Consultation': notification.consultationId },
  });
}

/** The message asking a new e-mail subscriber to follow the confirm link; no unsubscribe, as nothing is subscribed yet. */
export function confirmationMessage(subscription: EmailRecipient, links: EmailLinks): EmailMessage {
  const language = resolveLanguage(subscription.language);
  const texts = EMAIL_TEXTS[language];
  const confirm = links.confirm(subscription.id);
  const text = [texts.confirmIntro, confirm, texts.confirmIgnore].join('\n\n');
  const html = [
    `<p>${escapeHtml(texts.confirmIntro)}</p>`,
    `<p><strong>${htmlLink(confirm, texts.confirmAction)}</strong></p>`,
    `<p>${escapeHtml(texts.confirmIgnore)}</p>`,
  ].join('\n');
  return {
    to: subscription.address, subject: texts.confirmSubject, text, language,
    html: htmlDocument(language, texts.confirmSubject, html),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': language },
  };
}

/**
 * Several notices in one message, in the order given. The filter headers list every type and
 * consultation in it, comma-separated, so that a filter matching one still sees the digest.
 */
export function digestMessage(subscription: EmailRecipient, notifications: readonly DigestItem[], links: EmailLinks): EmailMessage {
  const language = resolveLanguage(subscription.language);
  const texts = EMAIL_TEXTS[language];
  const subject = texts.digestSubject.replace('{count}', new Intl.NumberFormat(language).format(notifications.length));
  const textParts = notifications.map((n) => [n.rendered.title, n.rendered.body, `${texts.openConsultation}: ${links.dashboard(n.consultationId)}`].join('\n\n'));
  const htmlParts = notifications.map((n) => [
    `<h2>${escapeHtml(n.rendered.title)}</h2>`, htmlParagraphs(n.rendered.body), `<p>${htmlLink(links.dashboard(n.consultationId), texts.openConsultation)}</p>`,
  ].join('\n'));
  return withFooter(subscription, links, language, {
    subject,
    text: [texts.digestIntro, ...textParts].join('\n\n———\n\n'),
    html: [`<h1>${escapeHtml(subject)}</h1>`, `<p>${escapeHtml(texts.digestIntro)}</p>`, ...htmlParts].join('\n<hr>\n'),
    headers: {
      'X-Consult-Notification': distinct(notifications.map((n) => n.type)),
      'X-Consult-Consultation': distinct(notifications.map((n) => n.consultationId)),
    },
  });
}

interface MessageContent {
  subject: string;
  text: string;
  /** The inside of `<body>`. */
  html: string;
  headers: Record<string, string>;
}

/** Adds the footer (why, and the unsubscribe link) and the List-Unsubscribe headers. */
function withFooter(subscription: EmailRecipient, links: EmailLinks, language: NotificationLanguage, content: MessageContent): EmailMessage {
  const texts: EmailTexts = EMAIL_TEXTS[language];
  const unsubscribe = links.unsubscribe(subscription.id);
  const text = `${content.text}\n\n-- \n${texts.footerReason}\n${texts.unsubscribe}: ${unsubscribe}\n`;
  const footer = `<hr>\n<p><small>${escapeHtml(texts.footerReason)}<br>${htmlLink(unsubscribe, texts.unsubscribe)}</small></p>`;
  return {
    to: subscription.address, subject: content.subject, text, language,
    html: htmlDocument(language, content.subject, `${content.html}\n${footer}`),
    headers: {
      ...content.headers,
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
      'Content-Language': language,
    },
  };
}

function distinct(values: string[]): string {
  return [...new Set(values)].join(', ');
}
