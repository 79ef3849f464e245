import type { Language } from '../languages';
import { ar } from './ar';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ru } from './ru';
import { zh } from './zh';
import type { Labels } from './labels';

export { type Labels, fill, labelOf } from './labels';

/** The labels of each language the pages speak. */
export const LABELS: Record<Language, Labels> = { ar, en, es, fr, ru, zh };
