export { clinicSimulator } from './clinic.simulator';
export { CLINIC_DEMO_CREDENTIALS, type ClinicData } from './clinic-state';
export { CLINIC_DEFAULT_SETTINGS, type ClinicSettings } from './clinic-settings';
export { CLINIC_MODIFY_ACTIONS } from './clinic-modify';
export type {
  PacienteEntry as ClinicPatientEntry,
  ParcelaRecord as ClinicInstallmentRecord,
} from './clinic-records';
