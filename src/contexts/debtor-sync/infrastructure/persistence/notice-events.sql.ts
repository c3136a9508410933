import { InstallmentDueSoonEvent, InstallmentOverdueEvent } from '../../contracts/installment-events';

/**
 * The overdue / due-soon notices of the installments `$2` (ids) as the outbox's `publishSelected` source,
 * built by Postgres from the mirror's rows: the same payload {@link installmentPayload} and
 * {@link contactOf} build in JS for the other events (`event-payloads.ts`; a test holds the two equal),
 * without building and serialising tens of thousands of events in the app during a first load.
 * Parameters: `$1` tenant, `$2` installment ids, `$3` the run's day (clinic time zone), `$4` the clinic's
 * external id, `$5` its name. An installment due before `$3` is overdue, else due soon.
 */
export const NOTICE_SOURCE = `
  SELECT CASE WHEN overdue THEN '${InstallmentOverdueEvent.ROUTING_KEY}'
              ELSE '${InstallmentDueSoonEvent.ROUTING_KEY}' END AS routing_key,
         CASE WHEN overdue THEN '${InstallmentOverdueEvent.name}' ELSE '${InstallmentDueSoonEvent.name}' END AS type,
         base || CASE WHEN overdue THEN jsonb_build_object('daysOverdue', $3::date - due_date)
                      ELSE jsonb_build_object('daysUntilDue', due_date - $3::date) END AS payload,
         'installment:' || id AS ordering_key,
         id AS ord
    FROM (
      SELECT i.id, i.due_date, i.due_date < $3::date AS overdue,
             jsonb_build_object(
               'installmentId', i.id::text,
               'contractId', i.contract_id::text,
               'clinicId', i.clinic_id::text,
               'clinicExternalId', $4::text,
               'clinicName', $5::text,
               'number', i.number,
               'dueDate', to_char(i.due_date, 'YYYY-MM-DD'),
               'amountCents', i.amount_cents,
               'openCents', CASE WHEN i.status = 'open' THEN i.amount_cents ELSE 0 END,
               'status', i.status,
               'rawStatus', i.raw_status,
               'version', to_char(i.synced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'),
               'patient', jsonb_build_object(
                 'patientId', p.id::text,
                 'name', p.name,
                 'cpf', p.cpf,
                 'email', p.email,
                 'mobilePhone', COALESCE(p.mobile_phone, p.contact_phone),
                 'whatsapp', p.mobile_phone,
                 'birthDate', to_char(p.birth_date, 'YYYY-MM-DD'),
                 -- isMinor: the day is before the 18th birthday, compared as text (29 Feb included)
                 'minor', p.birth_date IS NOT NULL AND to_char($3::date, 'YYYY-MM-DD') <
                   ((extract(year FROM p.birth_date)::int + 18)::text || to_char(p.birth_date, '-MM-DD')),
                 'responsible', CASE WHEN p.responsible_name <> '' THEN jsonb_build_object(
                   'name', p.responsible_name,
                   'phone', p.responsible_phone,
                   'email', p.responsible_email,
                   'relation', p.responsible_relation) END,
                 'consent', COALESCE(c.friendly_dunning, true))
             ) AS base
        FROM debtor_sync.installments i
        JOIN debtor_sync.patients p ON p.tenant_id = i.tenant_id AND p.id = i.patient_id
        LEFT JOIN debtor_sync.contracts c ON c.tenant_id = i.tenant_id AND c.id = i.contract_id
       WHERE i.tenant_id = $1 AND i.id = ANY($2::bigint[])
    ) AS n`;
