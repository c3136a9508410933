import { InvalidNotificationError, receivableIdIn } from './payment-notification';
import { parseNotification } from './provider-notifications';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseNotification', () => {
  it('reads Asaas’ documented PAYMENT_RECEIVED event', () => {
    const event = {
      id: 'evt_05b708f961d739ea7eba7e4db318f621&368604920',
      event: 'PAYMENT_RECEIVED',
      dateCreated: '2024-06-12 16:45:03',
      payment: {
        object: 'payment',
        id: 'pay_080225913252',
        customer: 'cus_G7Dvo4iphUNk',
        value: 100,
        netValue: 94.51,
        externalReference: '056984',
        billingType: 'CREDIT_CARD',
        status: 'RECEIVED',
        paymentDate: '2021-01-01',
        clientPaymentDate: '2021-01-01',
        nossoNumero: null,
      },
    };
    expect(parseNotification('asaas', bytes(event))).toEqual({
      eventId: 'evt_05b708f961d739ea7eba7e4db318f621&368604920',
      kind: 'payment',
      payment: {
        providerPaymentId: 'pay_080225913252',
        amountCents: 10000,
        paidAt: '2021-01-01T03:00:00.000Z',
        method: 'card',
        externalReference: '056984',
        reguaReference: null,
        boletoNumber: null,
        pixTxid: null,
      },
    });
  });

  it('ignores other Asaas events and Mercado Pago topics other than payment', () => {
    expect(parseNotification('asaas', bytes({ id: 'e1', event: 'PAYMENT_CREATED', payment: {} }))).toEqual({
      eventId: 'e1',
      kind: 'ignored',
      eventType: 'PAYMENT_CREATED',
    });
    const mp = { id: 12345, type: 'merchant_order', action: 'updated', data: { id: '99' } };
    expect(parseNotification('mercadopago', bytes(mp))).toMatchObject({ kind: 'ignored', eventId: '12345' });
  });

  it('a Mercado Pago payment notification carries only the id to look up', () => {
    const mp = { id: 112233445566, type: 'payment', action: 'payment.updated', data: { id: '1234567890' } };
    expect(parseNotification('mercadopago', bytes(mp))).toEqual({
      eventId: '112233445566',
      kind: 'lookup',
      providerPaymentId: '1234567890',
    });
  });

  it('reads Régua’s own scheme', () => {
    const event = {
      id: 'evt_1',
      type: 'payment.received',
      data: {
        paymentId: 'p1',
        amountCents: 8990,
        paidAt: '2026-12-03T10:00:00-03:00',
        method: 'pix',
        externalReference: '42',
      },
    };
    expect(parseNotification('regua', bytes(event))).toMatchObject({
      kind: 'payment',
      payment: {
        amountCents: 8990,
        paidAt: '2026-12-03T13:00:00.000Z',
        method: 'pix',
        externalReference: '42',
      },
    });
  });

  it.each([
    ['not JSON', Buffer.from('{')],
    ['an array', bytes([])],
    ['no event id', bytes({ type: 'payment.received', data: {} })],
    [
      'a fractional amount',
      bytes({ id: 'e', type: 'payment.received', data: { paymentId: 'p', amountCents: 1.5 } }),
    ],
    [
      'a huge amount',
      bytes({ id: 'e', type: 'payment.received', data: { paymentId: 'p', amountCents: 1e300 } }),
    ],
    ['a NUL', bytes({ id: 'e\u0000', type: 'payment.received', data: {} })],
    [
      'an unknown method',
      bytes({ id: 'e', type: 'payment.received', data: { paymentId: 'p', amountCents: 1, method: 'gold' } }),
    ],
    [
      'a bad date',
      bytes({ id: 'e', type: 'payment.received', data: { paymentId: 'p', amountCents: 1, paidAt: 'soon' } }),
    ],
  ])('refuses %s', (_what, body) => {
    expect(() => parseNotification('regua', body)).toThrow(InvalidNotificationError);
  });
});

describe('receivableIdIn', () => {
  it.each([
    ['42', '42'],
    ['REGUA-42', '42'],
    ['regua-42', '42'],
    [' 42 ', '42'],
    ['pedido-42', null],
    ['1234567890123456789', null],
    [null, null],
  ])('%s → %s', (reference, id) => {
    expect(receivableIdIn(reference)).toBe(id);
  });
});
