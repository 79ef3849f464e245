import { smtpOutcome } from './smtp-outcome';

const smtpError = (code: string, responseCode?: number) => Object.assign(new Error(`${responseCode ?? ''} refused`), { code, responseCode });

describe('smtpOutcome', () => {
  it.each([550, 551, 552, 553, 554])('fails for good on a %i reply', (reply) => {
    expect(smtpOutcome(smtpError('EENVELOPE', reply))).toMatchObject({ status: 'failed-permanently' });
  });

  it.each([421, 450, 451, 452])('retries on a %i reply', (reply) => {
    expect(smtpOutcome(smtpError('EENVELOPE', reply))).toMatchObject({ status: 'retry' });
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS'])('retries after the network error %s', (code) => {
    expect(smtpOutcome(smtpError(code))).toEqual({ status: 'retry', error: ' refused' });
  });

  it('retries when our own credentials are refused, even with a 5xx, as the address is not at fault', () => {
    expect(smtpOutcome(smtpError('EAUTH', 535))).toMatchObject({ status: 'retry' });
  });

  it('fails for good on an envelope the transport itself refuses (no usable address)', () => {
    expect(smtpOutcome(smtpError('EENVELOPE'))).toMatchObject({ status: 'failed-permanently' });
  });

  it('retries on anything unknown, even a thrown string', () => {
    expect(smtpOutcome('boom')).toEqual({ status: 'retry', error: 'boom' });
  });
});
