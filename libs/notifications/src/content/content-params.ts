import type { LaunchData } from '@consult/workflows';
import type { PhaseConfig } from '@consult/workflows/phased-forum';
import type { NotificationParams } from '../notification.types';

/** A value as a param: strings kept, anything absent (or of another shape) becomes null. */
export const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * A multilingual record as flat params `<name>.<lang>`: params stay flat (webhooks carry them
 * as they are) and the renderer picks the reader's language. A plain string stays `<name>`.
 */
export function localisedParams(name: string, value: Record<string, string> | string | null | undefined): NotificationParams {
  if (typeof value === 'string') return { [name]: value };
  if (!value || typeof value !== 'object') return {};
  const entries = Object.entries(value).filter(([, v]) => typeof v === 'string' && v !== '');
  return Object.fromEntries(entries.map(([lang, v]) => [`${name}.${lang}`, v]));
}

/** The configured phase with that key, when the launch data (a phased forum's) is at hand. */
export function findPhaseConfig(launch: LaunchData | undefined, phaseKey: string | null): PhaseConfig | undefined {
  const phases = launch?.phases;
  if (!phaseKey || !Array.isArray(phases)) return undefined;
  return (phases as PhaseConfig[]).find((phase) => phase?.key === phaseKey);
}

/** The phase key and, when the launch has it, its title in every language it was given in. */
export function phaseParams(launch: LaunchData | undefined, phaseKey: string | null): NotificationParams {
  return { phaseKey, ...localisedParams('phaseTitle', findPhaseConfig(launch, phaseKey)?.title) };
}

/** The params of a notification that concerns no phase (the keys exist, so every text can test them). */
export const NO_PHASE: NotificationParams = { phaseKey: null };
