import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** STYLE rules 2 and 4: the rulebook is pure, and its dependencies point inwards. */
describe('dependency rules', () => {
  const workflowFiles = sources(join(ROOT, 'workflows'));

  it('finds the workflow sources it checks', () => {
    expect(workflowFiles.length).toBeGreaterThan(20);
  });

  it('keeps workflows free of frameworks, drivers, HTTP and the libs', () => {
    const forbidden = /^(@nestjs\/|typeorm|pg$|better-sqlite3|fastify|@fastify\/|@eventstore\/|@consult\/(?!workflows)|node:(fs|net|http|child_process))/;
    const offending = workflowFiles.flatMap((file) =>
      imports(file).filter((spec) => forbidden.test(spec)).map((spec) => `${relative(ROOT, file)} imports ${spec}`));
    expect(offending).toEqual([]);
  });

  it('keeps clocks and id generators out of workflow code', () => {
    const impure = /\bDate\.now\(|new Date\(|randomUUID\(|Math\.random\(/;
    const offending = workflowFiles.filter((file) => impure.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(offending).toEqual([]);
  });

  it('imports libraries through @consult aliases, never through another lib\'s src folder', () => {
    const files = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs')), ...workflowFiles];
    const offending = files.flatMap((file) =>
      imports(file).filter((spec) => /(^|\/)libs\/[^/]+\/src\//.test(spec) || /^\.\.\/\.\.\/\.\.\/libs\//.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`));
    expect(offending).toEqual([]);
  });

  /**
   * Libraries whose job is the framework or the database may use them anywhere: the HTTP
   * edge (`http`), `/health` and `/metrics` (`observability`), the read models
   * (`projections`, on typeorm), the event store's Nest wiring (`persistence`) and the
   * dashboard and live stream (`web`: pages and Server-Sent Events are HTTP through and through).
   * Every other library is domain or application code: Nest, typeorm and the HTTP
   * edge appear only in its wiring (`*.module.ts`, or a `nest/` folder) and in its adapters
   * (an `infrastructure/` folder: tables, queries, the claims of background work).
   */
  const FRAMEWORK_LIBS = ['http', 'observability', 'projections', 'persistence', 'web'];
  /** Known debt, each with the helper who owns the file: the list may only shrink. */
  const KNOWN_VIOLATIONS: string[] = [
    'libs/consultation/src/read-model-projector.ts imports typeorm', // projections: the ReadModelProjector port takes a DataSource
  ];

  it('keeps the domain and application libs free of Nest, typeorm and the HTTP edge outside their wiring', () => {
    const libs = readdirSync(join(ROOT, 'libs')).filter((name) => !FRAMEWORK_LIBS.includes(name));
    expect(libs).toEqual(expect.arrayContaining(['auth', 'clock', 'consultation', 'demo', 'event-store']));
    const wiring = (file: string) => file.endsWith('.module.ts') || /[/\\](nest|infrastructure)[/\\]/.test(file);
    const forbidden = /^(@nestjs\/|typeorm($|\/)|@consult\/http$)/;
    const offending = libs
      .flatMap((lib) => sources(join(ROOT, 'libs', lib, 'src')))
      .filter((file) => !wiring(relative(ROOT, file)))
      .flatMap((file) => imports(file).filter((spec) => forbidden.test(spec)).map((spec) => `${relative(ROOT, file)} imports ${spec}`));
    expect(offending.sort()).toEqual([...KNOWN_VIOLATIONS].sort());
  });
});
