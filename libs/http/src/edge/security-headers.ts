import type { FastifyHelmetOptions } from '@fastify/helmet';

type Directives = Record<string, string[]>;

/**
 * The policy the dashboard lives with: its scripts, styles, images and fonts come from this
 * server (images may be `data:` URLs), no inline script or style, no framing, and live
 * updates (`EventSource`) to this origin only. `upgrade-insecure-requests` is left out so
 * that a plain-HTTP deployment inside a network still loads its own assets.
 */
export const DASHBOARD_CSP: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
};

/** Swagger UI's page carries inline `<style>` blocks and style attributes; its scripts are files. */
export const DOCS_CSP: Directives = { ...DASHBOARD_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

/** Helmet's headers with a given Content-Security-Policy; framing is refused outright. */
export function helmetOptions(directives: Directives): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
  };
}
