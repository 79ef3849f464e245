import { execFile } from 'node:child_process';
import { copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './spawn-app';

// openapi-typescript loads ES-module-only dependencies that Jest cannot require: it runs in node itself.
const TYPEGEN = `
import openapiTS, { astToString } from 'openapi-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
const [spec, out] = process.argv.slice(1);
writeFileSync(out, astToString(await openapiTS(JSON.parse(readFileSync(spec, 'utf8')))));
`;

/** Writes `schema.ts` in `dir`: TypeScript types for the document, as a client team generates them (openapi-typescript). */
export async function generateTypes(spec: object, dir: string): Promise<void> {
  const input = join(dir, 'openapi.json');
  writeFileSync(input, JSON.stringify(spec));
  await run(['--input-type=module', '-e', TYPEGEN, input, join(dir, 'schema.ts')], REPO_ROOT);
}

/**
 * Lays out a client project in `dir` (beside `schema.ts`): the given program templates
 * (`name.ts.tpl` → `name.ts`) and the repository's node_modules (openapi-fetch, @types/node).
 */
export function layOutClient(dir: string, templates: string[]): string[] {
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return templates.map((template) => {
    const target = join(dir, template.replace(/^.*\//, '').replace(/\.tpl$/, ''));
    copyFileSync(template, target);
    return target;
  });
}

/** Type-checks the files strictly, as a client's `tsc --noEmit` would; returns the diagnostics as text. */
export function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

/** Compiles a checked program to CommonJS beside it and runs it with node; resolves with its stdout. */
export function runProgram(file: string, args: string[], timeoutMs = 30_000): Promise<string> {
  const source = ts.sys.readFile(file) ?? '';
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const compiled = file.replace(/\.ts$/, '.js');
  writeFileSync(compiled, outputText);
  return run([compiled, ...args], REPO_ROOT, timeoutMs);
}

function run(args: string[], cwd: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error ? fail(new Error(`node ${args[0] === '--input-type=module' ? 'openapi-typescript' : args[0]} failed (${error.code ?? error.signal}):\n${stderr}`)) : done(stdout));
  });
}
