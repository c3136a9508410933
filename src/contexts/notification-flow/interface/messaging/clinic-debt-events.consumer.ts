import type { EntityManager } from 'typeorm';
import { MessageConsumer, type MessageHandler } from '../../../../platform/messaging/message-consumer';
import type { InboundMessage } from '../../../../platform/messaging/messages';
import {
  ClinicContractStatusChangedEvent,
  InstallmentCancelledEvent,
  InstallmentDueSoonEvent,
  InstallmentOverdueEvent,
  InstallmentPaidEvent,
  type ClinicContractStatusChangedPayload,
  type InstallmentPayload,
  type PatientContact,
} from '../../../debtor-sync/contracts';
import { DebtIntake, type ClosedDebt, type OpenDebt } from '../../application/planning/debt-intake';

/** Contract statuses that stop the cadence: the clinic turned dunning off, or Régua no longer covers it. */
const STOPPED = new Set(['dunning_disabled', 'uncovered']);

type ClinicPayload = InstallmentPayload | ClinicContractStatusChangedPayload;

/**
 * Anti-corruption layer for debtor-sync's events: clinic installments become debts of the same cadence as
 * IXC receivables (due soon / overdue open them, paid / cancelled close them, a stopped contract stops its
 * debts). Ids are prefixed `clinic:` so a tenant with an ISP and clinics never mixes them. A minor is never
 * the recipient: the responsible person is, when the clinic gives one with a contact; otherwise the debtor
 * is recorded with the minor's birth date and no address, so the cadence skips it with reason `minor`.
 * Without consent (friendly dunning off) the steps are skipped with reason `no_consent`.
 */
@MessageConsumer({
  name: 'notification_flow.clinic_debts',
  routingKeys: [
    InstallmentDueSoonEvent.ROUTING_KEY,
    InstallmentOverdueEvent.ROUTING_KEY,
    InstallmentPaidEvent.ROUTING_KEY,
    InstallmentCancelledEvent.ROUTING_KEY,
    ClinicContractStatusChangedEvent.ROUTING_KEY,
  ],
})
export class ClinicDebtEventsConsumer implements MessageHandler<ClinicPayload> {
  constructor(private readonly intake: DebtIntake) {}

  async handle(message: InboundMessage<ClinicPayload>, tx: EntityManager): Promise<void> {
    const tenantId = message.tenantId;
    if (!tenantId) throw new Error(`message ${message.messageId} has no tenant`);
    switch (message.routingKey) {
      case InstallmentDueSoonEvent.ROUTING_KEY:
      case InstallmentOverdueEvent.ROUTING_KEY:
        return this.intake.open(tx, tenantId, openDebt(message.payload as InstallmentPayload));
      case InstallmentPaidEvent.ROUTING_KEY:
        return this.intake.close(tx, tenantId, closedDebt(message.payload as InstallmentPayload), 'paid');
      case InstallmentCancelledEvent.ROUTING_KEY:
        return this.intake.close(
          tx,
          tenantId,
          closedDebt(message.payload as InstallmentPayload),
          'cancelled',
        );
      case ClinicContractStatusChangedEvent.ROUTING_KEY: {
        const p = message.payload as ClinicContractStatusChangedPayload;
        if (STOPPED.has(p.current.status) && !STOPPED.has(p.previous.status))
          await this.intake.contractCancelled(tx, tenantId, `clinic:${p.contractId}`);
        return;
      }
      default:
        return;
    }
  }
}

export function openDebt(p: InstallmentPayload): OpenDebt {
  return {
    source: 'clinic',
    debtId: `clinic:${p.installmentId}`,
    debtorId: `clinic:${p.patient.patientId}`,
    contractId: `clinic:${p.contractId}`,
    description: `Parcela ${p.number} — ${p.clinicName}`,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    openCents: p.openCents,
    sourceUpdatedAt: p.version,
    debtor: recipient(p.patient),
  };
}

function closedDebt(p: InstallmentPayload): ClosedDebt {
  return {
    source: 'clinic',
    debtId: `clinic:${p.installmentId}`,
    debtorId: `clinic:${p.patient.patientId}`,
    contractId: `clinic:${p.contractId}`,
    dueDate: p.dueDate,
    amountCents: p.amountCents,
    sourceUpdatedAt: p.version,
  };
}

/** Who the cadence writes to for this patient. */
export function recipient(patient: PatientContact): NonNullable<OpenDebt['debtor']> {
  if (patient.minor) {
    const responsible = patient.responsible;
    if (responsible && (responsible.phone || responsible.email)) {
      return {
        name: responsible.name,
        document: null,
        email: responsible.email,
        phone: responsible.phone,
        whatsapp: responsible.phone,
        consent: patient.consent,
        birthDate: null,
      };
    }
    return {
      name: patient.name,
      document: patient.cpf,
      email: null,
      phone: null,
      whatsapp: null,
      consent: patient.consent,
      birthDate: patient.birthDate,
    };
  }
  return {
    name: patient.name,
    document: patient.cpf,
    email: patient.email,
    phone: patient.mobilePhone,
    whatsapp: patient.whatsapp,
    consent: patient.consent,
    birthDate: patient.birthDate,
  };
}
