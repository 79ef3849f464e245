import type { WorkflowDefinition } from '../workflow-definition';
import { allowedBySampling } from '../shared/allowed-commands';
import { isBefore } from '../shared/time';
import { currentRound, type CouncilApprovalContext } from './council-approval.context';
import type { CouncilApprovalEvent } from './council-approval.events';
import { councilApprovalGuards } from './council-approval.guards';
import { councilApprovalSamples } from './council-approval.allowed';
import { councilApprovalMachine } from './council-approval.machine';
import { councilApprovalV1 } from './council-approval.workflow';

type Args = { context: CouncilApprovalContext; event: CouncilApprovalEvent };

/**
 * Version 2's one change: a round's closing time can only be extended while it is still
 * ahead. Under version 1 an extension that reached the engine after `closesAt` had passed
 * (the scheduler not yet having closed the round) reopened the window for everyone after
 * the fact; version 2 refuses it, and the secretariat opens a new round instead.
 */
export const extendsBeforeClosing = (args: Args): boolean =>
  councilApprovalGuards.extendsClosingTime(args) &&
  isBefore((args.event.data as { extendedAt: string }).extendedAt, currentRound(args.context).closesAt);

/** Version 1's states, events and rules, with `extendsClosingTime` replaced. */
export const councilApprovalMachineV2 = councilApprovalMachine.provide({ guards: { extendsClosingTime: extendsBeforeClosing } });

/**
 * council-approval, version 2: what new consultations launch with. Consultations launched
 * under version 1 keep replaying through it (both stay registered in workflows/index.ts).
 */
export const councilApprovalV2: WorkflowDefinition = {
  ...councilApprovalV1,
  version: 2,
  machine: councilApprovalMachineV2,
  allowedCommands: (snapshot) =>
    allowedBySampling(councilApprovalMachineV2, councilApprovalV1.commands, councilApprovalSamples, snapshot),
};
