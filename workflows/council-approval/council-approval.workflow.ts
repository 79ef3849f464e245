import type { WorkflowDefinition } from '../workflow-definition';
import { allowedBySampling } from '../shared/allowed-commands';
import { toMachineEvent } from '../shared/common.commands';
import { councilApprovalSamples } from './council-approval.allowed';
import { councilApprovalMachine } from './council-approval.machine';
import { councilApprovalContributionCheck, councilApprovalDeadlines } from './council-approval.policy';
import { councilApprovalSummary, councilApprovalView } from './council-approval.view';
import { councilApprovalCommands } from './commands';

export const COUNCIL_APPROVAL = 'council-approval';
/** The version new consultations launch with (council-approval.v2.ts); released versions never change. */
export const COUNCIL_APPROVAL_VERSION = 2;

/** council-approval, version 1: frozen once consultations run on it; changes go into a v2 beside it. */
export const councilApprovalV1: WorkflowDefinition = {
  name: COUNCIL_APPROVAL,
  version: 1,
  machine: councilApprovalMachine,
  commands: councilApprovalCommands,
  toMachineEvent,
  view: councilApprovalView,
  summary: councilApprovalSummary,
  allowedCommands: (snapshot) => allowedBySampling(councilApprovalMachine, councilApprovalCommands, councilApprovalSamples, snapshot),
  deadlines: councilApprovalDeadlines,
  contributionCheck: councilApprovalContributionCheck,
};
