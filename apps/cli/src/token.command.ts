import { TokenService, Unauthorized } from '@consult/auth';
import { loadConfig } from '@consult/config';
import { CommandInput, UsageError } from './command';

/** `consult token --role R [--group G] [--org O] [--name N] [--sub S] [--expires 12h]`: prints a token the api accepts. */
export async function token({ values }: CommandInput): Promise<number> {
  // The configuration the api loads: CONSULT_JWT_SECRET, or the development secret kept beside the data.
  const config = loadConfig(process.env, { warn: () => undefined });
  if (config.jwtJwksUrl) {
    throw new UsageError('token: CONSULT_JWT_JWKS_URL is set, so the api accepts only tokens of that OpenID Connect provider; get one from it');
  }
  const [role, group, org, name, expires] = [values.role, values.group, values.org, values.name, values.expires] as Array<string | undefined>;
  const sub = (values.sub as string | undefined) ?? [role, org, name].filter(Boolean).join(':').toLowerCase().replace(/\s+/g, '-');
  // jsonwebtoken reads a string of digits as milliseconds; the option means seconds.
  const lifetime = /^\d+$/.test(expires!) ? Number(expires) : (expires as `${number}h`);
  try {
    process.stdout.write(`${new TokenService(config.jwtSecret).sign({ sub, role: role as never, group, org, name }, lifetime)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof Unauthorized) throw new UsageError(`token: ${error.message}`);
    throw error;
  }
}
