import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DispatchDueSchedulesCommand } from '../../src/contexts/notification-flow/application/dispatch-due-schedules/dispatch-due-schedules.command';
import {
  SendMessageCommand,
  type SendRequest,
} from '../../src/contexts/notification-flow/application/send-message/send-message.command';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { SimulatorControl, type SendgridData } from '../../src/simulators';
import { TEST_SECRET_KEY } from './access-client';
import { startTestApp, type TestApp } from './test-app';

const ALWAYS_OPEN = Array(7).fill({ open: '00:00', close: '23:59' }) as unknown[];

export interface ScheduleState {
  status: string;
  status_reason: string | null;
  attempts: number;
}

/**
 * The app (demo mode, ROLE=api: no consumers, no scheduler jobs) on a fresh database, for slice tests of
 * the dunning sending side: the demo tenant sends e-mail through the in-process SendGrid simulator, a
 * one-step e-mail flow, always within business hours. The test plays the scheduler and the consumer.
 */
export class DunningSlice {
  t!: TestApp;
  db!: DataSource;
  sendgrid!: SimulatorControl;
  tenantId!: string;
  flowId!: string;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'regua-dunning-'));
  private seq = 0;

  async start(env: Record<string, string> = {}): Promise<this> {
    this.t = await startTestApp({
      env: {
        REGUA_MODE: 'demo',
        ROLE: 'api',
        REGUA_SECRET_KEY: TEST_SECRET_KEY,
        REGUA_DATA_DIR: this.dataDir,
        ...env,
      },
    });
    this.db = this.t.app.get(DataSource);
    this.sendgrid = new SimulatorControl(this.t.app.get(DemoEnvironment).controlUrlOf('sendgrid'));
    const [tenant] = (await this.db.query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{
      id: string;
    }>;
    this.tenantId = tenant!.id;
    const [flow] = (await this.db.query(
      `INSERT INTO notification_flow.flows (id, tenant_id, name, current_version)
       VALUES (gen_random_uuid(), $1, 'slice', 1) RETURNING id`,
      [this.tenantId],
    )) as Array<{ id: string }>;
    this.flowId = flow!.id;
    const step = {
      key: 'D+1',
      offsetDays: 1,
      sendAt: '09:00',
      channels: ['email'],
      cooldownHours: 0,
      type: 'overdue',
      allDay: false,
    };
    await this.db.query(
      `INSERT INTO notification_flow.flow_versions (flow_id, version, steps) VALUES ($1, 1, $2)`,
      [this.flowId, JSON.stringify([step])],
    );
    return this;
  }

  async stop(): Promise<void> {
    await this.t?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Empties the schedules and throttle windows, the simulator, and lifts the throttle. */
  async reset(): Promise<void> {
    await this.sendgrid.reset();
    await this.db.query(`DELETE FROM notification_flow.throttle_sends`);
    await this.db.query(`DELETE FROM notification_flow.schedules`);
    await this.setThrottle(null);
  }

  async setThrottle(perMinute: number | null): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_flow.tenant_settings (tenant_id, settings) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
      [
        this.tenantId,
        JSON.stringify({
          businessHours: { timeZone: 'America/Sao_Paulo', week: ALWAYS_OPEN },
          throttles: { email: { perMinute, perDay: null } },
        }),
      ],
    );
  }

  /**
   * A debtor with an open debt and one e-mail schedule in `status`, due a second ago (not `now()`: the
   * dispatcher's clock is a JS Date in whole milliseconds, which can read just before Postgres's microsecond
   * `now()` of the insert, and the row would not be due yet). `email: null` = none.
   */
  async seed(status = 'queued', email?: string | null): Promise<string> {
    const n = ++this.seq;
    const debtor = `slice:${n}`;
    await this.db.query(
      `INSERT INTO notification_flow.debtors (tenant_id, id, source, name, email) VALUES ($1, $2, 'ixc', $3, $4)`,
      [this.tenantId, debtor, `Cliente ${n}`, email === undefined ? `slice-${n}@mail.test` : email],
    );
    await this.db.query(
      `INSERT INTO notification_flow.debts (tenant_id, id, debtor_id, source, due_date, amount_cents, open_cents, status)
       VALUES ($1, $2, $3, 'ixc', current_date - 1, 9990, 9990, 'open')`,
      [this.tenantId, `${debtor}:debt`, debtor],
    );
    const [row] = (await this.db.query(
      `INSERT INTO notification_flow.schedules (id, tenant_id, debtor_id, flow_id, flow_version, step_key, step_index,
         channel, type, anchor_date, planned_at, due_at, status, queued_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 1, 'D+1', 0, 'email', 'overdue', current_date - 1, now(), now() - interval '1 second', $4, now())
       RETURNING id`,
      [this.tenantId, debtor, this.flowId, status],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  async state(id: string): Promise<ScheduleState> {
    const [row] = (await this.db.query(
      `SELECT status, status_reason, attempts FROM notification_flow.schedules WHERE id = $1`,
      [id],
    )) as ScheduleState[];
    return row!;
  }

  async debtorOf(id: string): Promise<string> {
    const [row] = (await this.db.query(`SELECT debtor_id FROM notification_flow.schedules WHERE id = $1`, [
      id,
    ])) as Array<{ debtor_id: string }>;
    return row!.debtor_id;
  }

  /** The scheduler's part: one dispatch pass (at `now`), through the command bus. */
  dispatch(now?: Date): Promise<number> {
    return this.t.app.get(CommandBus).execute(new DispatchDueSchedulesCommand(now));
  }

  /** The consumer's part: an e-mail queue delivery of these schedules, sent through the command bus. */
  send(scheduleIds: string[], attempt = 1): Promise<void> {
    const requests: SendRequest[] = scheduleIds.map((scheduleId) => ({
      tenantId: this.tenantId,
      scheduleId,
      attempt,
    }));
    return this.t.app.get(CommandBus).execute(new SendMessageCommand('email', requests));
  }

  /** How many times the SendGrid simulator accepted a message for this schedule. */
  async deliveries(id: string): Promise<number> {
    const data = await this.sendgrid.data<SendgridData>();
    return data.messages.filter((m) => m.customArgs.schedule_id === id).length;
  }
}
