import { trustProxyOption } from './adapter.options';

describe('trustProxyOption (CONSULT_TRUST_PROXY)', () => {
  it.each([
    ['true', true],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, 192.168.1.1', ['10.0.0.0/8', '192.168.1.1']],
  ])('reads %s as Fastify takes it', (value, expected) => {
    expect(trustProxyOption(value)).toEqual(expected);
  });
});
