import { escapeHtml, htmlDocument, htmlLink, htmlParagraphs } from './email-html';

describe('e-mail HTML', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('turns blank lines into paragraphs and single line breaks into <br>, escaping each line', () => {
    expect(htmlParagraphs('One <b>\nTwo\n\n\nThree\n')).toBe('<p>One &lt;b&gt;<br>Two</p>\n<p>Three</p>');
  });

  it('escapes a link’s address and label', () => {
    expect(htmlLink('https://x.org/?a=1&b="2"', '<Open>')).toBe('<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">&lt;Open&gt;</a>');
  });

  it('sets the language and, for Arabic, the right-to-left direction of the document', () => {
    expect(htmlDocument('ar', 'عنوان', '<p>x</p>')).toContain('<html lang="ar" dir="rtl">');
    expect(htmlDocument('zh', 'T', '')).toContain('<html lang="zh" dir="ltr">');
    expect(htmlDocument('en', '<T>', '')).toContain('<title>&lt;T&gt;</title>');
  });
});
