import { InstallmentDueSoonEvent, InstallmentOverdueEvent } from '../../contracts/installment-events';

/** The installment payload's fields but the last one, as `jsonb_build_object` arguments (`i`, `p`, `c`). */
const PAYLOAD_FIELDS = `
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
    -- isMinor: the day is before the 18th birthday, compared as text (29 February included)
    'minor', p.birth_date IS NOT NULL AND to_char($3::date, 'YYYY-MM-DD') <
      ((extract(year FROM p.birth_date)::int + 18)::text || to_char(p.birth_date, '-MM-DD')),
    'responsible', CASE WHEN p.responsible_name <> '' THEN jsonb_build_object(
      'name', p.responsible_name,
      'phone', p.responsible_phone,
      'email', p.responsible_email,
      'relation', p.responsible_relation) END,
    'consent', COALESCE(c.friendly_dunning, true))`;

/**
 * The overdue / due-soon notices of the installments `$2` (ids) as the outbox's `publishSelected` source,
 * built by Postgres from the mirror's rows: the same payload `installmentPayload` and `contactOf` build in
 * JS for the other events (`event-payloads.ts`; a test holds the two equal), without building and
 * serialising tens of thousands of events in the app during a first load.
 * Parameters: `$1` tenant, `$2` installment ids, `$3` the run's day (clinic time zone), `$4` the clinic's
 * external id, `$5` its name. An installment due before `$3` is overdue, else due soon.
 */
export const NOTICE_SOURCE = `
  SELECT CASE WHEN i.due_date < $3::date THEN '${InstallmentOverdueEvent.ROUTING_KEY}'
              ELSE '${InstallmentDueSoonEvent.ROUTING_KEY}' END AS routing_key,
         CASE WHEN i.due_date < $3::date THEN '${InstallmentOverdueEvent.name}'
              ELSE '${InstallmentDueSoonEvent.name}' END AS type,
         CASE WHEN i.due_date < $3::date
              THEN jsonb_build_object(${PAYLOAD_FIELDS}, 'daysOverdue', $3::date - i.due_date)
              ELSE jsonb_build_object(${PAYLOAD_FIELDS}, 'daysUntilDue', i.due_date - $3::date) END AS payload,
         'installment:' || i.id AS ordering_key
    FROM unnest($2::bigint[]) AS k(id)
    -- primary-key probes, kept apart by their LIMIT (a plain join or id = ANY(…) lets a planner misled by
    -- statistics taken while the mirror filled up scan the tenant's rows: see storedRows)
    CROSS JOIN LATERAL (SELECT * FROM debtor_sync.installments WHERE tenant_id = $1 AND id = k.id LIMIT 1) AS i
    CROSS JOIN LATERAL (SELECT * FROM debtor_sync.patients WHERE tenant_id = $1 AND id = i.patient_id LIMIT 1) AS p
    LEFT JOIN LATERAL (SELECT friendly_dunning FROM debtor_sync.contracts
                        WHERE tenant_id = $1 AND id = i.contract_id LIMIT 1) AS c ON true`;

/** The event classes NOTICE_SOURCE names in its `type` column. */
export const NOTICE_TYPES = [InstallmentOverdueEvent.name, InstallmentDueSoonEvent.name];
