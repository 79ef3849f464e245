import type { WorkflowDefinition } from '../workflow-definition';
import { allowedBySampling } from '../shared/allowed-commands';
import { toMachineEvent } from '../shared/common.commands';
import { phasedForumCommands } from './commands';
import { phasedForumSamples } from './phased-forum.allowed';
import { PhasedForumLaunchPayload } from './phased-forum.launch';
import { phasedForumMachine } from './phased-forum.machine';
import { phasedForumContributionCheck, phasedForumDeadlines } from './phased-forum.policy';
import { phasedForumSummary, phasedForumView } from './phased-forum.view';

export const PHASED_FORUM = 'phased-forum';
/** The version new consultations launch with; released versions never change. */
export const PHASED_FORUM_VERSION = 1;

/** phased-forum, version 1: frozen once consultations run on it; changes go into a v2 beside it. */
export const phasedForumV1: WorkflowDefinition = {
  name: PHASED_FORUM,
  version: PHASED_FORUM_VERSION,
  machine: phasedForumMachine,
  launchPayload: PhasedForumLaunchPayload,
  commands: phasedForumCommands,
  toMachineEvent,
  view: phasedForumView,
  summary: phasedForumSummary,
  allowedCommands: (snapshot) => allowedBySampling(phasedForumMachine, phasedForumCommands, phasedForumSamples, snapshot),
  deadlines: phasedForumDeadlines,
  contributionCheck: phasedForumContributionCheck,
};
