import { escapeHtml, htmlDocument } from '../channels/email/email-html';
import type { NotificationLanguage } from '../notification.types';
import { resolveLanguage } from '../templates/render';

/** The words of the pages a subscription link opens, in one language. */
interface PageTexts {
  confirmed: string;
  confirmedBody: string;
  unsubscribeTitle: string;
  unsubscribeQuestion: string;
  unsubscribeButton: string;
  unsubscribed: string;
  unsubscribedBody: string;
}

const TEXTS: Record<NotificationLanguage, PageTexts> = {
  en: {
    confirmed: 'Subscription confirmed', confirmedBody: 'Consultation notices will now be sent to {address}.',
    unsubscribeTitle: 'Unsubscribe', unsubscribeQuestion: 'Stop sending consultation notices to {address}?', unsubscribeButton: 'Unsubscribe',
    unsubscribed: 'Unsubscribed', unsubscribedBody: 'No more consultation notices will be sent to {address}.',
  },
  fr: {
    confirmed: 'Abonnement confirmé', confirmedBody: 'Les avis de consultation seront désormais envoyés à {address}.',
    unsubscribeTitle: 'Se désabonner', unsubscribeQuestion: 'Ne plus envoyer d’avis de consultation à {address} ?', unsubscribeButton: 'Se désabonner',
    unsubscribed: 'Désabonnement effectué', unsubscribedBody: 'Plus aucun avis de consultation ne sera envoyé à {address}.',
  },
  es: {
    confirmed: 'Suscripción confirmada', confirmedBody: 'Los avisos de consulta se enviarán ahora a {address}.',
    unsubscribeTitle: 'Cancelar la suscripción', unsubscribeQuestion: '¿Dejar de enviar avisos de consulta a {address}?', unsubscribeButton: 'Cancelar la suscripción',
    unsubscribed: 'Suscripción cancelada', unsubscribedBody: 'No se enviarán más avisos de consulta a {address}.',
  },
  ru: {
    confirmed: 'Подписка подтверждена', confirmedBody: 'Уведомления о консультациях теперь будут отправляться на {address}.',
    unsubscribeTitle: 'Отписаться', unsubscribeQuestion: 'Прекратить отправку уведомлений о консультациях на {address}?', unsubscribeButton: 'Отписаться',
    unsubscribed: 'Подписка отменена', unsubscribedBody: 'Уведомления о консультациях больше не будут отправляться на {address}.',
  },
  zh: {
    confirmed: '订阅已确认', confirmedBody: '磋商通知今后将发送至 {address}。',
    unsubscribeTitle: '退订', unsubscribeQuestion: '停止向 {address} 发送磋商通知？', unsubscribeButton: '退订',
    unsubscribed: '已退订', unsubscribedBody: '今后不会再向 {address} 发送磋商通知。',
  },
  ar: {
    confirmed: 'تم تأكيد الاشتراك', confirmedBody: 'سترسل إشعارات المشاورات من الآن إلى {address}.',
    unsubscribeTitle: 'إلغاء الاشتراك', unsubscribeQuestion: 'هل تريد إيقاف إرسال إشعارات المشاورات إلى {address}؟', unsubscribeButton: 'إلغاء الاشتراك',
    unsubscribed: 'تم إلغاء الاشتراك', unsubscribedBody: 'لن ترسل بعد الآن أي إشعارات مشاورات إلى {address}.',
  },
};

/** Which page a link opens. */
export type SubscriptionPageKind = 'confirmed' | 'unsubscribe-form' | 'unsubscribed';

/** What a page shows: the subscription's address and, for the form, the link token it posts back. */
export interface SubscriptionPageInput {
  kind: SubscriptionPageKind;
  language: string;
  address: string;
  token?: string;
}

/**
 * A small HTML page in the subscription's language, with no script or style (the API's
 * Content-Security-Policy allows neither). The unsubscribe form posts back to the same link:
 * mail scanners fetch links, so only a POST unsubscribes.
 */
export function subscriptionPage(input: SubscriptionPageInput): string {
  const language = resolveLanguage(input.language);
  const texts = TEXTS[language];
  const say = (text: string) => escapeHtml(text).replace('{address}', `<strong>${escapeHtml(input.address)}</strong>`);
  if (input.kind === 'confirmed') return htmlDocument(language, texts.confirmed, `<h1>${escapeHtml(texts.confirmed)}</h1>\n<p>${say(texts.confirmedBody)}</p>`);
  if (input.kind === 'unsubscribed') return htmlDocument(language, texts.unsubscribed, `<h1>${escapeHtml(texts.unsubscribed)}</h1>\n<p>${say(texts.unsubscribedBody)}</p>`);
  const action = `unsubscribe?token=${encodeURIComponent(input.token ?? '')}`;
  const form = [
    `<h1>${escapeHtml(texts.unsubscribeTitle)}</h1>`,
    `<p>${say(texts.unsubscribeQuestion)}</p>`,
    `<form method="post" action="${escapeHtml(action)}">`,
    '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
    `<button type="submit">${escapeHtml(texts.unsubscribeButton)}</button>`,
    '</form>',
  ].join('\n');
  return htmlDocument(language, texts.unsubscribeTitle, form);
}
