import { join } from 'node:path';

/** The folder of the dashboard's own stylesheet and script (`libs/web/assets`). */
export const ASSETS_DIR = join(__dirname, '..', '..', 'assets');
