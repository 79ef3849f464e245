import { createTransport } from 'nodemailer';
import { Channel, type DeliveryOutcome, type OutgoingNotification } from '../channel';
import { emailLinks, type EmailLinks } from './email-links';
import { confirmationMessage, digestMessage, notificationMessage, type DigestItem, type EmailMessage, type EmailRecipient } from './email-message';
import { smtpOutcome } from './smtp-outcome';

/** What the e-mail channel needs (`AppConfig`: smtpUrl, mailFrom, publicUrl; the key from `subscriptionTokenKey(jwtSecret)`). */
export interface EmailSettings {
  /** `CONSULT_SMTP_URL`, e.g. `smtp://user:pass@mail.example.org:587`; its query may set nodemailer options. */
  smtpUrl: string;
  /** `CONSULT_MAIL_FROM`, e.g. `Consultations <consultations@example.org>`. */
  mailFrom: string;
  /** `CONSULT_PUBLIC_URL`: links in messages point under it. */
  publicUrl: string;
  tokenKey: Buffer | string;
}

/** Timeouts shorter than nodemailer's (up to 10 minutes), so that a stalled server holds a delivery briefly; the URL may override them. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * Sends notifications by e-mail over a pooled SMTP transport. Each message's Message-ID is
 * derived from what it carries (the delivery id for a notification), so that a retry of a
 * message the server took but did not acknowledge can be recognised as a duplicate.
 */
export class EmailChannel extends Channel {
  readonly name = 'email' as const;
  readonly links: EmailLinks;
  private readonly transport;

  constructor(private readonly settings: EmailSettings) {
    super();
    this.links = emailLinks(settings.publicUrl, settings.tokenKey);
    this.transport = createTransport({ ...TIMEOUTS, url: settings.smtpUrl, pool: true });
  }

  /** One notification, as it comes. */
  deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    return this.send(notificationMessage(notification, this.links), notification.deliveryId);
  }

  /** The confirmation message of a new e-mail subscription. */
  sendConfirmation(subscription: EmailRecipient): Promise<DeliveryOutcome> {
    return this.send(confirmationMessage(subscription, this.links), `confirm.${subscription.id}`);
  }

  /** A daily digest; `digestId` names it (say, subscription and day), the same on every retry. */
  sendDigest(subscription: EmailRecipient, notifications: readonly DigestItem[], digestId: string): Promise<DeliveryOutcome> {
    return this.send(digestMessage(subscription, notifications, this.links), `digest.${digestId}`);
  }

  /** Sends one message; a refusal or network failure becomes an outcome, never an exception. */
  async send(message: EmailMessage, messageKey: string): Promise<DeliveryOutcome> {
    try {
      await this.transport.sendMail({
        from: this.settings.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        messageId: `<${messageKey}@${this.links.host}>`,
      });
      return { status: 'accepted' };
    } catch (error) {
      return smtpOutcome(error);
    }
  }

  /** Closes the pooled connections (on shutdown). */
  close(): void {
    this.transport.close();
  }
}
