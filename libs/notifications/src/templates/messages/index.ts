import type { NotificationLanguage } from '../../notification.types';
import { ar } from './ar';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Messages } from './messages.types';
import { ru } from './ru';
import { zh } from './zh';

export type { Messages, TypeMessages } from './messages.types';

/** Every language's texts, keyed as the reader's language code. */
export const MESSAGES: Record<NotificationLanguage, Messages> = { ar, en, es, fr, ru, zh };
