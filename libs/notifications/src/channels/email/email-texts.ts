import type { NotificationLanguage } from '../../notification.types';

/** The words of the e-mail frame (confirmation, digest, footer) in one language; `{count}` is replaced. */
export interface EmailTexts {
  confirmSubject: string;
  confirmIntro: string;
  confirmAction: string;
  confirmIgnore: string;
  digestSubject: string;
  digestIntro: string;
  footerReason: string;
  unsubscribe: string;
  openConsultation: string;
}

/** Short enough to keep in code; the notices themselves come from the ICU templates. */
export const EMAIL_TEXTS: Record<NotificationLanguage, EmailTexts> = {
  en: {
    confirmSubject: 'Confirm your subscription to consultation notices',
    confirmIntro: 'Someone, we hope you, asked to receive consultation notices at this address. To start receiving them, follow this link:',
    confirmAction: 'Confirm the subscription',
    confirmIgnore: 'If you did not ask for this, ignore this message: nothing will be sent to you.',
    digestSubject: 'Daily digest of consultation notices ({count})',
    digestIntro: 'Here are the notices of the day:',
    footerReason: 'You receive this message because you subscribed to consultation notices.',
    unsubscribe: 'Unsubscribe',
    openConsultation: 'Open the consultation',
  },
  fr: {
    confirmSubject: 'Confirmez votre abonnement aux avis de consultation',
    confirmIntro: 'Quelqu’un, vous sans doute, a demandé à recevoir les avis de consultation à cette adresse. Pour commencer à les recevoir, suivez ce lien :',
    confirmAction: 'Confirmer l’abonnement',
    confirmIgnore: 'Si vous n’avez rien demandé, ignorez ce message : rien ne vous sera envoyé.',
    digestSubject: 'Résumé quotidien des avis de consultation ({count})',
    digestIntro: 'Voici les avis du jour :',
    footerReason: 'Vous recevez ce message parce que vous êtes abonné aux avis de consultation.',
    unsubscribe: 'Se désabonner',
    openConsultation: 'Ouvrir la consultation',
  },
  es: {
    confirmSubject: 'Confirme su suscripción a los avisos de consulta',
    confirmIntro: 'Alguien, esperamos que usted, pidió recibir avisos de consulta en esta dirección. Para empezar a recibirlos, siga este enlace:',
    confirmAction: 'Confirmar la suscripción',
    confirmIgnore: 'Si no lo pidió, ignore este mensaje: no se le enviará nada.',
    digestSubject: 'Resumen diario de avisos de consulta ({count})',
    digestIntro: 'Estos son los avisos del día:',
    footerReason: 'Recibe este mensaje porque se suscribió a los avisos de consulta.',
    unsubscribe: 'Cancelar la suscripción',
    openConsultation: 'Abrir la consulta',
  },
  ru: {
    confirmSubject: 'Подтвердите подписку на уведомления о консультациях',
    confirmIntro: 'Кто-то, надеемся, что вы, попросил присылать уведомления о консультациях на этот адрес. Чтобы начать их получать, перейдите по ссылке:',
    confirmAction: 'Подтвердить подписку',
    confirmIgnore: 'Если вы этого не запрашивали, не обращайте внимания на это письмо: вам ничего не будет отправлено.',
    digestSubject: 'Ежедневная сводка уведомлений о консультациях ({count})',
    digestIntro: 'Уведомления за день:',
    footerReason: 'Вы получили это письмо, потому что подписались на уведомления о консультациях.',
    unsubscribe: 'Отписаться',
    openConsultation: 'Открыть консультацию',
  },
  zh: {
    confirmSubject: '请确认您对磋商通知的订阅',
    confirmIntro: '有人（希望是您本人）请求将磋商通知发送到此地址。如需开始接收，请打开以下链接：',
    confirmAction: '确认订阅',
    confirmIgnore: '如果您没有提出此请求，请忽略此邮件：我们不会向您发送任何内容。',
    digestSubject: '磋商通知每日摘要（{count}）',
    digestIntro: '以下是今天的通知：',
    footerReason: '您收到此邮件是因为您订阅了磋商通知。',
    unsubscribe: '退订',
    openConsultation: '打开磋商',
  },
  ar: {
    confirmSubject: 'أكّد اشتراكك في إشعارات المشاورات',
    confirmIntro: 'طلب أحدهم، ونرجو أن تكون أنت، تلقّي إشعارات المشاورات على هذا العنوان. لبدء تلقّيها، اتبع هذا الرابط:',
    confirmAction: 'تأكيد الاشتراك',
    confirmIgnore: 'إن لم تطلب ذلك، فتجاهل هذه الرسالة: لن يُرسَل إليك شيء.',
    digestSubject: 'الملخص اليومي لإشعارات المشاورات ({count})',
    digestIntro: 'إليك إشعارات اليوم:',
    footerReason: 'تصلك هذه الرسالة لأنك مشترك في إشعارات المشاورات.',
    unsubscribe: 'إلغاء الاشتراك',
    openConsultation: 'فتح المشاورة',
  },
};
