import { parseArgs } from 'node:util';
import { TokenService } from '@consult/auth';
import { UsageError } from './cli';

/** `consult token --role R [--group G] [--org O] [--name N]`: prints a token for local use. */
export async function tokenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' }, group: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' },
      sub: { type: 'string' }, expires: { type: 'string', default: '12h' },
    },
    strict: true,
  });
  if (!values.role) throw new UsageError('token needs --role (secretariat, participant or auditor)');
  const secret = process.env.CONSULT_JWT_SECRET;
  if (!secret) throw new UsageError('set CONSULT_JWT_SECRET to the secret the api uses (the api prints the one it generated)');
  const sub = values.sub ?? [values.role, values.org, values.name].filter(Boolean).join(':').toLowerCase().replace(/\s+/g, '-');
  const token = new TokenService(secret).sign(
    { sub, role: values.role as never, group: values.group, org: values.org, name: values.name },
    values.expires as never,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}
