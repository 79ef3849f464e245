import type { ParsedMail } from 'mailparser';
import { participant } from '../../libs/demo/src/timeline';
import { startSmtpSink, type SmtpSink } from '../email/smtp-sink';
import { EGYPT, command, expectStatus, launch, setClock, type Call } from '../reminders/reminders.fixture';
import { clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { atApi, latinDigits, linkIn, mailsTo, recipientOf } from './delivery-peers';

jest.setTimeout(120_000);

/** A reader who subscribes and never follows the confirmation link. */
const BRAZIL = participant('member-state', 'BRA');
const READERS = { en: 'secretariat@example.org', ar: 'focal.point@example.eg', unconfirmed: 'never.confirms@example.br' };
/** Paris moves to summer time on 29 March 2026; the round closes the next evening. */
const CLOSES_AT = '2026-03-30T23:59:00+02:00';

describe('reminder e-mails over SMTP, in English and Arabic, with confirmation and one-click unsubscribe (manual clock, SQLite)', () => {
  const data = tempDir();
  let sink: SmtpSink;
  let api: RunningApi;
  let call: Call;
  let consultationId: string;
  const reminders = () => sink.received.filter((mail) => sink.header(mail, 'x-consult-notification') === 'deadline.reminder');
  const subscribe = async (who: Parameters<Call>[2], address: string, language: string) =>
    expectStatus(await call('POST', '/api/subscriptions', who, { consultationId, channel: 'email', address, language }), 201, `subscribe ${address}`);

  beforeAll(async () => {
    sink = await startSmtpSink();
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', CONSULT_SMTP_URL: sink.url, CONSULT_MAIL_FROM: 'Consultations <consult@example.org>' });
    call = clientFor(api.baseUrl);
    await setClock(call, '2026-03-02T09:00:00+01:00');
    consultationId = await launch(call, 'Europe/Paris');
    await subscribe('secretariat', READERS.en, 'en');
    await subscribe(EGYPT, READERS.ar, 'ar');
    await subscribe(BRAZIL, READERS.unconfirmed, 'en');
    await setClock(call, '2026-03-02T09:01:00+01:00');
  });
  afterAll(async () => {
    await stopAll();
    await sink.close();
    data.remove();
  });

  it('sends each new e-mail subscriber one confirmation message whose link activates the subscription', async () => {
    for (const address of Object.values(READERS)) expect(mailsTo(sink.received, address)).toHaveLength(1);
    const [arabic] = mailsTo(sink.received, READERS.ar);
    expect(sink.header(arabic, 'list-unsubscribe')).toBeUndefined(); // nothing to leave yet
    expect(arabic.html).toMatch(/<html lang="ar" dir="rtl"/);
    for (const address of [READERS.en, READERS.ar]) {
      const [confirmation] = mailsTo(sink.received, address);
      const followed = await fetch(atApi(linkIn(confirmation.text ?? '', 'confirm'), api.baseUrl));
      expect(followed.status).toBe(200);
    }
    // The secretariat lists every subscription.
    const listed: { address: string; status: string }[] = (await call('GET', '/api/subscriptions', 'secretariat')).body.items;
    const statusOf = (address: string) => listed.find((s) => s.address === address)?.status;
    expect([READERS.en, READERS.ar, READERS.unconfirmed].map(statusOf)).toEqual(['active', 'active', 'pending']);
  });

  it('e-mails the P7D reminder to both confirmed readers: text and HTML, 23:59 Paris summer time, filter and unsubscribe headers', async () => {
    await command(call, consultationId, 'publishDraft', { documentRef: 'C26/12', version: '1' });
    await command(call, consultationId, 'openConsultation', { closesAt: CLOSES_AT });
    await setClock(call, '2026-03-25T12:00:00+01:00');
    const week = reminders();
    expect(week.map(recipientOf).sort()).toEqual([READERS.ar, READERS.en]);
    for (const mail of week) expectReminderHeaders(sink, mail, consultationId);
    const [english] = mailsTo(week, READERS.en);
    expect(english.subject).toBe('Reminder: Numbering plan closes in 7 days');
    for (const part of [english.text ?? '', english.html || '']) {
      expect(part).toContain('30 March 2026 at 23:59');
      expect(part).toContain('UTC+02:00');
      expect(part).toMatch(/7 days/);
    }
    const [arabic] = mailsTo(week, READERS.ar);
    expect(arabic.subject).toBe('تذكير: إغلاق المشاورة «خطة الترقيم» بعد 7 أيام');
    expect(arabic.html).toMatch(/<html lang="ar" dir="rtl"/);
    for (const part of [arabic.text ?? '', arabic.html || '']) {
      expect(latinDigits(part)).toMatch(/30 مارس 2026.*23:59/);
      expect(latinDigits(part)).toContain('+02:00');
    }
  });

  it('stops the English reader\'s reminders after a one-click unsubscribe: the P1D reminder reaches only the Arabic one', async () => {
    const [english] = mailsTo(reminders(), READERS.en);
    const target = sink.header(english, 'list-unsubscribe')?.match(/^<(.+)>$/)?.[1] ?? '';
    const unsubscribed = await fetch(atApi(target, api.baseUrl), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    const before = reminders().length;
    await setClock(call, '2026-03-30T23:58:00+02:00');
    const day = reminders().slice(before);
    expect(day).toHaveLength(1);
    expect(mailsTo(day, READERS.ar)).toHaveLength(1);
    expect(day[0].text).toContain('يوم واحد');
    expectReminderHeaders(sink, day[0], consultationId);
  });

  it('sends a reader who never confirmed the confirmation message and nothing else', async () => {
    await setClock(call, '2026-04-02T00:00:00+02:00'); // the round closes too: one more notice for the subscribed
    const mails = mailsTo(sink.received, READERS.unconfirmed);
    expect(mails).toHaveLength(1);
    expect(sink.header(mails[0], 'x-consult-notification')).toBeUndefined();
    expect(linkIn(mails[0].text ?? '', 'confirm')).toBeTruthy();
    expect(mailsTo(sink.received, READERS.ar).map((mail) => sink.header(mail, 'x-consult-notification')))
      .toEqual([undefined, 'draft.published', 'consultation.opened', 'deadline.reminder', 'deadline.reminder', 'consultation.closed']);
  });
});

/** The headers DESIGN names for a reminder: filter headers and RFC 8058 one-click unsubscribe. */
function expectReminderHeaders(sink: SmtpSink, mail: ParsedMail, consultationId: string): void {
  expect(sink.header(mail, 'x-consult-notification')).toBe('deadline.reminder');
  expect(sink.header(mail, 'x-consult-consultation')).toBe(consultationId);
  expect(sink.header(mail, 'list-unsubscribe')).toMatch(/^<https?:\/\/[^>]+\/api\/subscriptions\/[^/]+\/unsubscribe\?token=[A-Za-z0-9_-]+>$/);
  expect(sink.header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  expect(mail.text).toBeTruthy();
  expect(mail.html).toBeTruthy();
}
