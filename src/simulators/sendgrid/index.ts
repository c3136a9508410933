export { sendgridSimulator } from './sendgrid.simulator';
export {
  SENDGRID_BOUNCE_DOMAIN,
  SENDGRID_DEMO_CREDENTIALS,
  SENDGRID_RESTRICTED_API_KEY,
  type SendgridBounce,
  type SendgridData,
  type SendgridMessage,
} from './sendgrid-state';
export { SENDGRID_MODIFY_ACTIONS } from './sendgrid-modify';
