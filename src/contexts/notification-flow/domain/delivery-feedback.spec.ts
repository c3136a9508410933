import { ackEventOf, isStopWord, phoneCandidates } from './delivery-feedback';

describe('delivery feedback', () => {
  it.each([
    ['SAIR', true],
    ['sair', true],
    ['  Parar! ', true],
    ['STÓP', true],
    ['stop.', true],
    ['quero sair', false],
    ['sim', false],
    ['', false],
  ])('stop word %j → %s', (text, expected) => {
    expect(isStopWord(text)).toBe(expected);
  });

  it.each([
    ['5579998307232@s.whatsapp.net', ['5579998307232', '557998307232', '+5579998307232', '+557998307232']],
    ['557998307232@s.whatsapp.net', ['557998307232', '5579998307232', '+557998307232', '+5579998307232']],
    ['5579998307232:12@s.whatsapp.net', ['5579998307232', '557998307232', '+5579998307232', '+557998307232']],
    ['14155550100@s.whatsapp.net', ['14155550100', '+14155550100']],
    ['@s.whatsapp.net', []],
  ])('JID %s may be stored as %j', (jid, expected) => {
    expect(phoneCandidates(jid)).toEqual(expected);
  });

  it.each([
    ['SERVER_ACK', 'server_ack'],
    ['delivery_ack', 'delivery_ack'],
    ['READ', 'read'],
    ['PLAYED', 'read'],
    ['PENDING', null],
    ['ERROR', null],
  ])('status %s is recorded as %s', (status, expected) => {
    expect(ackEventOf(status)).toBe(expected);
  });
});
