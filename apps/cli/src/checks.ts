import { isInstant } from '@consult/workflows';

/** Value checks shared by the commands: each returns the problem, completing "--option ...". */
export const checks = {
  port: (value: string) => (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535 ? undefined : 'must be an integer between 1 and 65535'),
  instant: (value: string) => (isInstant(value) ? undefined : 'must be an ISO 8601 date-time with an offset (e.g. 2020-04-23T13:00:00+02:00)'),
  /** A token lifetime: seconds, or a number with s, m, h or d. */
  lifetime: (value: string) => (/^[1-9]\d{0,6}[smhd]?$/.test(value) ? undefined : 'must be a lifetime such as 3600, 30m, 12h or 7d'),
  /** A C2SP note verifier key for Ed25519: `<name>+<8 hex digits>+<base64 of 33 bytes>`. */
  verifierKey: (value: string) => (/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{43}[A-Za-z0-9+/=]$/.test(value.trim()) ? undefined : 'must be a note verifier key <name>+<8 hex digits>+<base64 key>'),
  text: (value: string) => (value.trim() !== '' && value.length <= 200 ? undefined : 'must be 1 to 200 characters'),
};
