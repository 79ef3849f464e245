import { HEARTBEAT_FRAME, sseFrame } from './sse-frame';
import { parseStreamRequest } from './stream-request';
import { InvalidStreamRequest } from './live.errors';

const ID = '0190a3c2-7d4e-7000-8000-000000000001';

describe('an SSE message', () => {
  it('has the position as id, the type as event and one line of JSON as data', () => {
    const frame = sseFrame({ consultationId: ID, type: 'MeetingRescheduled', position: 7, occurredAt: 't', data: { reason: 'line one\n\ndata: forged\r\nid: 99' } });
    const lines = frame.split('\n');
    expect(lines.slice(0, 2)).toEqual(['id: 7', 'event: MeetingRescheduled']);
    expect(lines[2].startsWith('data: ')).toBe(true);
    expect(JSON.parse(lines[2].slice(6))).toEqual({ consultationId: ID, type: 'MeetingRescheduled', position: 7, occurredAt: 't', data: { reason: 'line one\n\ndata: forged\r\nid: 99' } });
    expect(lines.slice(3)).toEqual(['', '']);
    expect(frame).not.toMatch(/\r/);
  });

  it('has heartbeats that are comments', () => {
    expect(HEARTBEAT_FRAME).toBe(': heartbeat\n\n');
  });
});

describe('a stream request', () => {
  const refusal = (header: unknown, query: Record<string, unknown>) => {
    try {
      parseStreamRequest(header, query);
    } catch (error) {
      return error instanceof InvalidStreamRequest ? error.details[0].field : `unexpected ${String(error)}`;
    }
    return 'accepted';
  };

  it('resumes after the Last-Event-ID header, else the lastEventId parameter', () => {
    expect(parseStreamRequest('12', {})).toEqual({ after: 12 });
    expect(parseStreamRequest(undefined, { lastEventId: '0' })).toEqual({ after: 0 });
    expect(parseStreamRequest('5', { lastEventId: '9' })).toEqual({ after: 5 });
    expect(parseStreamRequest('', {})).toEqual({});
  });

  it.each([['abc'], ['-1'], ['1.5'], ['01'], ['1e3'], ['99999999999999999999'], [['1', '2']]])('refuses Last-Event-ID %p naming it', (value) => {
    expect(refusal(value, {})).toBe('Last-Event-ID');
  });

  it('refuses a bad lastEventId parameter naming it', () => {
    expect(refusal(undefined, { lastEventId: 'x' })).toBe('lastEventId');
  });

  it('takes a consultation id, and refuses a malformed one or an unknown parameter by name', () => {
    expect(parseStreamRequest(undefined, { consultationId: ID.toUpperCase() })).toEqual({ consultationId: ID });
    expect(refusal(undefined, { consultationId: 'not-a-uuid' })).toBe('consultationId');
    expect(refusal(undefined, { consultationId: [ID, ID] })).toBe('consultationId');
    expect(refusal(undefined, { since: '1' })).toBe('since');
  });
});
