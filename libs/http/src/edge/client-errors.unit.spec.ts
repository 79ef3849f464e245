import { clientErrorBody } from './client-errors';

describe('clientErrorBody (requests refused by Node before the app sees them)', () => {
  it('answers oversized headers with 431 and a slow client with 408, in the error shape', () => {
    expect(clientErrorBody('HPE_HEADER_OVERFLOW')).toMatchObject({ statusCode: 431, error: 'Request Header Fields Too Large', details: [{ field: 'headers' }] });
    expect(clientErrorBody('ERR_HTTP_REQUEST_TIMEOUT')).toEqual({ statusCode: 408, error: 'Request Timeout', message: 'the request was not received in time' });
  });

  it('names the part at fault for each parser error it knows, and says "not valid HTTP/1.1" for the rest', () => {
    expect(clientErrorBody('HPE_INVALID_URL').details).toEqual([{ field: 'url', message: expect.stringContaining('percent-encoded') }]);
    expect(clientErrorBody('HPE_SOMETHING_NEW')).toEqual({ statusCode: 400, error: 'Bad Request', message: 'the request is not valid HTTP/1.1' });
    expect(clientErrorBody(undefined).statusCode).toBe(400);
  });
});
