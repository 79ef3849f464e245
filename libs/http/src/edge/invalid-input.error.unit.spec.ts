import { toErrorResponse } from '../error-response';
import { InvalidRequestInput } from './invalid-input.error';

describe('InvalidRequestInput', () => {
  it('maps to a 400 whose details name the field, as validation errors do', () => {
    const { status, body, unexpected } = toErrorResponse(new InvalidRequestInput('text', 'wellFormedText', 'text must not contain U+0000'));
    expect({ status, unexpected }).toEqual({ status: 400, unexpected: false });
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'text must not contain U+0000',
      details: [{ field: 'text', constraints: { wellFormedText: 'text must not contain U+0000' } }],
    });
  });

  it("keeps Fastify's own request errors 4xx in the standard shape", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    const mediaType = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    const rateLimited = Object.assign(new Error('Rate limit exceeded, retry in 1 minute'), { statusCode: 429 });
    expect(toErrorResponse(tooLarge).body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' });
    expect(toErrorResponse(mediaType).body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: 'Unsupported Media Type' });
    expect(toErrorResponse(rateLimited).body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 minute' });
  });
});
