import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IxcNotConfiguredError } from '../../sync-ixc.errors';
import { IxcSource, type SyncResource } from '../ports/ixc-source';
import { MirrorRepository, type MirrorRow } from '../ports/mirror.repository';
import { SyncMetrics } from '../sync/sync-metrics';
import { RefreshCustomerCommand, type RefreshedCustomer } from './refresh-customer.command';

const REFRESHED: readonly SyncResource[] = ['cliente_contrato', 'fn_areceber'];

@CommandHandler(RefreshCustomerCommand)
export class RefreshCustomerHandler implements ICommandHandler<RefreshCustomerCommand, RefreshedCustomer> {
  private readonly logger = new Logger('RefreshCustomer');

  constructor(
    private readonly source: IxcSource,
    private readonly mirror: MirrorRepository,
    private readonly metrics: SyncMetrics,
  ) {}

  async execute(command: RefreshCustomerCommand): Promise<RefreshedCustomer> {
    const tenantId = command.metadata.tenantId;
    const result: RefreshedCustomer = { rows: {}, events: 0, rejected: 0 };
    if (!/^\d{1,18}$/.test(command.customerId)) return result;
    try {
      await this.source.assertConfigured(tenantId);
    } catch (error) {
      // A tenant without IXC has nothing to refresh (its payments still stop the messages).
      if (error instanceof IxcNotConfiguredError) return { ...result, notConfigured: true };
      throw error;
    }
    // Contracts first (a released one fires the enforcement fast path), then receivables. The customer
    // record is left to the syncs: two requests fewer per payment, against the tenant's IXC rate limit.
    for (const resource of REFRESHED) {
      const raws = await this.source.customerRows(tenantId, resource, command.customerId);
      const rows: MirrorRow[] = [];
      for (const raw of raws) {
        try {
          rows.push(this.mirror.toRow(resource, raw));
        } catch (error) {
          result.rejected++;
          this.metrics.rows.inc({ resource, change: 'rejected' });
          this.logger.warn({ tenantId, resource, error: String(error) }, 'malformed IXC row left out');
        }
      }
      result.rows[resource] = rows.length;
      if (rows.length === 0) continue;
      const written = await this.mirror.writePage(tenantId, resource, rows);
      result.events += written.events;
      this.metrics.rows.inc({ resource, change: 'inserted' }, written.inserted);
      this.metrics.rows.inc({ resource, change: 'updated' }, written.updated);
      this.metrics.rows.inc({ resource, change: 'unchanged' }, written.unchanged);
    }
    return result;
  }
}
