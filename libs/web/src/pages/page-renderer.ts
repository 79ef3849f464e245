import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Eta } from 'eta';

/** The folder of the dashboard's templates (`libs/web/templates`). */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templateFiles(path);
    return entry.name.endsWith('.eta') ? [path] : [];
  });
}

/**
 * The dashboard's Eta templates, read and compiled once when made. Every `<%= %>` escapes
 * (autoEscape); the templates print raw only the markup the server built itself (a chart's
 * SVG) and partials. Templates are named `@<path without .eta>`, e.g. `@fragments/timeline`.
 */
export class PageRenderer {
  private readonly eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'], cache: true, views: TEMPLATES_DIR });

  constructor(dir: string = TEMPLATES_DIR) {
    for (const file of templateFiles(dir)) {
      const name = relative(dir, file).replace(/\\/g, '/').replace(/\.eta$/, '');
      this.eta.loadTemplate(`@${name}`, this.eta.compile(readFileSync(file, 'utf8')));
    }
  }

  /** The template `@<name>` rendered with `data` as `it`. */
  render(name: string, data: object): string {
    return this.eta.render(`@${name}`, data);
  }
}
