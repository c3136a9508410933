import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query.dto';
import type { LookupView as Lookup } from '../../application/ports/lookup.repository';
import type { PaymentView as Payment } from '../../application/ports/payment.repository';

export class ListPaymentsRequest extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only matched (true) or unmatched (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  matched?: 'true' | 'false';
}

export class PaymentView implements Payment {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['regua', 'mercadopago', 'asaas'] }) provider!: string;
  @ApiProperty() providerPaymentId!: string;
  @ApiProperty({ description: 'BRL cents' }) amountCents!: number;
  @ApiProperty({ type: String, nullable: true }) paidAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['pix', 'boleto', 'card', 'cash', 'other'] })
  method!: string | null;
  @ApiProperty({ type: String, nullable: true }) externalReference!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'boleto "nosso número" or PIX txid' })
  erpReference!: string | null;
  @ApiProperty() matched!: boolean;
  @ApiProperty({ type: String, nullable: true, enum: ['receivableId', 'boletoNumber', 'pixTxid'] })
  matchedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) receivableId!: string | null;
  @ApiProperty({ type: String, nullable: true }) customerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) contractId!: string | null;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'when the VoIP line came back after it' })
  restoredAt!: string | null;
}

export class LookupView implements Lookup {
  @ApiProperty({ enum: ['mercadopago'] }) provider!: string;
  @ApiProperty({ description: "the notification's event id" }) eventId!: string;
  @ApiProperty() providerPaymentId!: string;
  @ApiProperty({
    enum: ['lookup_needed', 'lookup_failed'],
    description: 'lookup_needed: retried in the background; lookup_failed: retries exhausted (dead letter)',
  })
  status!: 'lookup_needed' | 'lookup_failed';
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() receivedAt!: string;
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
}

export class PaymentPage {
  @ApiProperty({ type: [PaymentView] }) items!: PaymentView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [LookupView], description: 'unsettled payment lookups, newest first (at most 100)' })
  lookups!: LookupView[];
}

export class WebhookAck {
  @ApiProperty() received!: boolean;
  @ApiProperty({
    enum: ['matched', 'unmatched', 'duplicate', 'ignored', 'lookup_needed'],
    description: 'duplicate: the event (or its payment) was seen before and nothing changed',
  })
  outcome!: string;
}
