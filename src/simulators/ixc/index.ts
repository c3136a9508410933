export { ixcSimulator, IXC_WEBSERVICE_PATH } from './ixc.simulator';
export { IXC_DEMO_CREDENTIALS, type IxcData, type RequestCounts as IxcRequestCounts } from './ixc-state';
export { IXC_DEFAULT_SETTINGS, type IxcSettings } from './ixc-settings';
export { IXC_HTML_ERROR, IP_NOT_ALLOWED_MESSAGE as IXC_IP_NOT_ALLOWED_MESSAGE } from './ixc-errors';
export { IXC_MODIFY_ACTIONS } from './ixc-modify';
export type { FractionChanges as IxcFractionChanges } from './ixc-mutate-fraction';
