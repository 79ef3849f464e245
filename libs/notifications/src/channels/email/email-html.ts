import type { NotificationLanguage } from '../../notification.types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values: notices quote titles people typed. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Plain text as HTML paragraphs: blank lines part paragraphs, single line breaks stay breaks. */
export function htmlParagraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => `<p>${part.split(/\r?\n/).map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}

/** A link; both the address and the label are escaped. */
export function htmlLink(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

/** Right-to-left scripts among the languages texts are written in. */
export function textDirection(language: NotificationLanguage): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/** A whole HTML document in one language, its direction set so that mail clients lay Arabic out right to left. */
export function htmlDocument(language: NotificationLanguage, title: string, content: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${textDirection(language)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body>\n${content}\n</body>`,
    '</html>',
  ].join('\n');
}
