/** The e-mail channel: signed subscription links, the messages (notice, confirmation, digest) and the SMTP sender. */
export * from './subscription-token';
export * from './email-links';
export * from './email-texts';
export * from './email-message';
export * from './smtp-outcome';
export * from './email.channel';
export { escapeHtml, textDirection } from './email-html';
