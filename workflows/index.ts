import { councilApprovalV1, councilApprovalV2 } from './council-approval';
import { phasedForumV1 } from './phased-forum';
import { UnknownWorkflow } from './shared/errors';
import type { WorkflowDefinition } from './workflow-definition';

export * from './workflow-definition';
export {
  type Refusal, applyEvent, applyEvents, ignoreRefusal, launchSnapshot, persistSnapshot, replay, restoreSnapshot, stateName,
} from './replay';
export { type Command, type Decision, commandSpec, handle } from './shared/handle';
export { CommandNotAllowed, DomainError, EventRefused, InvalidCommand, UnknownCommand, UnknownWorkflow } from './shared/errors';
export { MEETING_FORMATS, type MeetingFormat } from './shared/common.commands';
export { INSTANT_MESSAGE, IsInstant, LIMITS, isInstant, isLocalisedText } from './shared/validation';
export { councilApprovalV1, councilApprovalV2, phasedForumV1 };

/**
 * Every workflow version ever released. A consultation replays through the version it
 * was launched with, so old versions stay here when a new one is added.
 */
export const workflows: WorkflowDefinition[] = [councilApprovalV1, councilApprovalV2, phasedForumV1];

/** The named workflow at `version`, or its latest version when none is given (new launches). */
export function findWorkflow(name: string, version?: number): WorkflowDefinition {
  const candidates = workflows.filter((w) => w.name === name && (version === undefined || w.version === version));
  const found = candidates.reduce<WorkflowDefinition | undefined>((latest, w) => (!latest || w.version > latest.version ? w : latest), undefined);
  if (!found) throw new UnknownWorkflow(name, version);
  return found;
}
