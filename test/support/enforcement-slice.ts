import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Abstract, Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  StartEnforcementRunCommand,
  type RunRequest,
} from '../../src/contexts/telephony-enforcement/application/start-enforcement-run/start-enforcement-run.command';
import type { EnforcementRun } from '../../src/contexts/telephony-enforcement/domain/enforcement-run';
import { ApplyActionsCommand } from '../../src/contexts/telephony-enforcement/application/apply-actions/apply-actions.command';
import { WhenContractStatusChangedRecheckPolicy } from '../../src/contexts/telephony-enforcement/application/policies/when-contract-status-changed-recheck.policy';
import { RecheckContractsCommand } from '../../src/contexts/telephony-enforcement/application/recheck-contracts/recheck-contracts.command';
import { ContractStatusChangedEvent } from '../../src/contexts/sync-ixc/contracts';
import { DemoEnvironment } from '../../src/platform/demo/demo-environment';
import { SimulatorControl, type DiscordData, type MagnusData } from '../../src/simulators';
import { startTestApp, type TestApp } from './test-app';

export type MagnusUser = NonNullable<MagnusData['userList']>[number] & {
  id: number;
  username: string;
  dist: string;
  active: number | null;
};

/**
 * Slice tests of enforcement use cases: the real application (real Postgres, the IXC and MagnusBilling
 * simulators of demo mode) with no trigger armed — no crons (ROLE=worker) and no outbox relay — so a test
 * calls the use case itself and sees exactly what it did.
 */
export class EnforcementSlice {
  private constructor(
    readonly t: TestApp,
    readonly tenantId: string,
    readonly magnus: SimulatorControl,
    readonly ixc: SimulatorControl,
    readonly discord: SimulatorControl,
  ) {}

  static async start(): Promise<EnforcementSlice> {
    const t = await startTestApp({
      env: { REGUA_MODE: 'demo', ROLE: 'worker', OUTBOX_RELAY_ENABLED: 'false' },
    });
    const demo = t.app.get(DemoEnvironment);
    const [tenant] = (await t.app
      .get(DataSource)
      .query(`SELECT id FROM access.tenants WHERE slug = 'demo'`)) as Array<{ id: string }>;
    return new EnforcementSlice(
      t,
      tenant!.id,
      new SimulatorControl(demo.controlUrlOf('magnus')),
      new SimulatorControl(demo.controlUrlOf('ixc')),
      new SimulatorControl(demo.controlUrlOf('discord')),
    );
  }

  get<T>(type: Type<T> | Abstract<T>): T {
    return this.t.app.get(type, { strict: false });
  }

  get db(): DataSource {
    return this.get(DataSource);
  }

  close(): Promise<void> {
    return this.t.close();
  }

  async users(): Promise<MagnusUser[]> {
    return ((await this.magnus.data<MagnusData>()).userList ?? []) as MagnusUser[];
  }

  async user(id: number): Promise<MagnusUser> {
    return (await this.users()).find((u) => u.id === id)!;
  }

  /** Magnus requests by `module/action` since the simulator started (`user/read`, `user/save`). */
  async magnusRequests(action: 'user/read' | 'user/save'): Promise<number> {
    return (await this.magnus.data<MagnusData>()).requestCounts[action] ?? 0;
  }

  /** What the tenant's Discord channel received, oldest first. */
  async discordMessages(): Promise<DiscordData['webhooks'][number]['messages']> {
    return (await this.discord.data<DiscordData>()).webhooks[0]!.messages;
  }

  /** Users whose contract reference is theirs alone and known to the demo IXC (contracts 1..360). */
  async soleContractUsers(): Promise<MagnusUser[]> {
    const all = await this.users();
    const refs = new Map<string, number>();
    for (const u of all) refs.set(u.dist.trim(), (refs.get(u.dist.trim()) ?? 0) + 1);
    return all.filter(
      (u) => /^\d+$/.test(u.dist.trim()) && Number(u.dist) <= 360 && refs.get(u.dist.trim()) === 1,
    );
  }

  async setActive(id: number, active: number): Promise<void> {
    await this.magnus.modify({ action: 'setUser', id, fields: { active } });
  }

  /** The contract in IXC, with the trust unlock and "do not block until" cleared unless given. */
  async setContract(contractId: string, fields: Record<string, unknown>): Promise<void> {
    await this.ixc.modify({
      action: 'setContractStatus',
      id: Number(contractId),
      desbloqueio_confianca_ativo: 'N',
      nao_bloquear_ate: null,
      ...fields,
    });
  }

  /** The line active in Magnus and its contract as given in IXC. */
  async line(u: MagnusUser, active: number, contract: Record<string, unknown>): Promise<void> {
    await this.setActive(u.id, active);
    await this.setContract(u.dist.trim(), contract);
  }

  /** sync-ixc saw the contract's status change: the fast-path policy queues it for a recheck. */
  async contractChanged(contractId: string): Promise<void> {
    const headers = {
      type: ContractStatusChangedEvent.ROUTING_KEY,
      tenantId: this.tenantId,
      correlationId: randomUUID(),
      occurredAt: new Date().toISOString(),
    };
    await this.db.transaction((tx) =>
      this.get(WhenContractStatusChangedRecheckPolicy).handle(
        {
          messageId: randomUUID(),
          type: headers.type,
          routingKey: ContractStatusChangedEvent.ROUTING_KEY,
          tenantId: this.tenantId,
          correlationId: headers.correlationId,
          occurredAt: new Date(headers.occurredAt),
          payload: {
            contractId,
            customerId: '1',
            previous: { status: 'A', internetStatus: 'A' },
            current: { status: 'A', internetStatus: 'CA' },
          },
          attempt: 1,
          headers,
        },
        tx,
      ),
    );
  }

  /** A run of the tenant through the command bus, returned once its plan is saved. */
  plan(request: RunRequest): Promise<EnforcementRun> {
    return this.get(CommandBus).execute(new StartEnforcementRunCommand(this.tenantId, request, true));
  }

  /** One tick of the recheck job through the command bus: how many scoped runs it planned. */
  recheck(): Promise<number> {
    return this.get(CommandBus).execute(new RecheckContractsCommand());
  }

  async pendingActionIds(runId: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id FROM telephony_enforcement.actions WHERE run_id = $1 AND outcome = 'pending' ORDER BY seq`,
      [runId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** What the apply consumer does with a run's queued actions, as one delivered batch. */
  async applyPending(runId: string, options: { dryRun?: boolean; lastAttempt?: boolean } = {}) {
    const ids = await this.pendingActionIds(runId);
    await this.db.transaction((tx) =>
      this.get(CommandBus).execute(
        new ApplyActionsCommand(
          ids.map((actionId) => ({
            tenantId: this.tenantId,
            actionId,
            dryRun: options.dryRun ?? false,
            lastAttempt: options.lastAttempt ?? true,
          })),
          tx,
        ),
      ),
    );
  }
}
