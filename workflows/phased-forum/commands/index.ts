import type { CommandSpec } from '../../workflow-definition';
import { publishContributions, withdraw } from '../../shared/common.commands';
import { advancePhase, changeMeetingFormat, extendDeadline, reschedulePhase } from './phase.commands';

export * from './phase.commands';

/** Every command of phased-forum, by its API name (DESIGN.md, "Commands and their payloads"). */
export const phasedForumCommands: Record<string, CommandSpec> = {
  advancePhase, reschedulePhase, changeMeetingFormat, extendDeadline, publishContributions, withdraw,
};
