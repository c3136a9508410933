export { smtpSimulator } from './smtp.simulator';
export { SMTP_BOUNCE_DOMAIN, SMTP_DEMO_CREDENTIALS, type SmtpData, type SmtpMessage } from './smtp-state';
export { SMTP_MODIFY_ACTIONS } from './smtp-modify';
