import { Module } from '@nestjs/common';
import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { eventually } from '../../../test/support/eventually';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { DomainEvent } from '../../shared/ddd/domain-event';

class InvoiceVoidedEvent extends DomainEvent<{ invoiceId: string }> {
  constructor(invoiceId: string) {
    super('00000000-0000-4000-8000-000000000002', { invoiceId });
  }
}

@EventsHandler(InvoiceVoidedEvent)
class FailingHandler implements IEventHandler<InvoiceVoidedEvent> {
  handle(): void {
    throw new Error('handler exploded');
  }
}

@Module({ providers: [FailingHandler] })
class FailingHandlerModule {}

describe('errors in @nestjs/cqrs event handlers', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ extraModules: [FailingHandlerModule] })));
  afterAll(() => t?.close());

  it('are counted per event (and logged), never swallowed silently', async () => {
    t.app.get(EventBus).publish(new InvoiceVoidedEvent('inv-1'));
    t.app.get(EventBus).publish(new InvoiceVoidedEvent('inv-2'));
    await eventually(async () => {
      const text = await (await fetch(`${t.url}/metrics`)).text();
      return /regua_cqrs_unhandled_errors_total\{event="InvoiceVoidedEvent"\} 2/.test(text);
    });
  });
});
