export { magnusSimulator, MAGNUS_BASE_PATH } from './magnus.simulator';
export { MAGNUS_DEMO_CREDENTIALS, type MagnusData } from './magnus-state';
export { MAGNUS_DEFAULT_SETTINGS, type MagnusSettings } from './magnus-settings';
export { MAGNUS_MODIFY_ACTIONS } from './magnus-modify';
export { contractState as magnusExpectedContractState, type ContractState } from './magnus-ixc-contracts';
