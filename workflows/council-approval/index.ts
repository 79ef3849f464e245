export { councilApprovalV1, COUNCIL_APPROVAL, COUNCIL_APPROVAL_VERSION } from './council-approval.workflow';
export { councilApprovalV2, councilApprovalMachineV2 } from './council-approval.v2';
export { councilApprovalMachine, COUNCIL_APPROVAL_STATES, type CouncilApprovalState } from './council-approval.machine';
export type { CouncilApprovalContext } from './council-approval.context';
export * from './council-approval.events';
export * from './commands';
export { COUNCIL_CONTRIBUTION_KINDS } from './council-approval.policy';
