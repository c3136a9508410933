export { smsSimulator } from './sms.simulator';
export { SMS_DEMO_CREDENTIALS, SMS_TOKEN_TTL_SECONDS, type SmsData, type SmsMessage } from './sms-state';
export { SMS_NUMBER_RULE } from './sms-send.validation';
export { SMS_MODIFY_ACTIONS } from './sms-modify';
