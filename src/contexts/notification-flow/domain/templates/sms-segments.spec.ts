import { isGsm7, smsSegments } from './sms-segments';

describe('SMS segments (GSM 03.38)', () => {
  it.each([
    ['', 'GSM-7', 0, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['a' + '€'.repeat(80), 'GSM-7', 161, 2],
    ['ç' + 'a'.repeat(69), 'UCS-2', 70, 1],
    ['ç' + 'a'.repeat(70), 'UCS-2', 71, 2],
    ['ã'.repeat(134), 'UCS-2', 134, 2],
    ['ã'.repeat(135), 'UCS-2', 135, 3],
  ])('%#: %j → %s, %i units, %i part(s)', (text, encoding, length, segments) => {
    expect(smsSegments(text)).toMatchObject({ encoding, length, segments });
  });

  it('counts extension characters as two septets and never splits them across parts', () => {
    // 152 plain + one `[` (2 septets) = 154 > 153: the `[` moves whole to the second part.
    expect(smsSegments('a'.repeat(152) + '[' + 'a'.repeat(10))).toMatchObject({
      length: 164,
      characters: 163,
      segments: 2,
    });
    expect(smsSegments('a'.repeat(152) + '[' + 'a'.repeat(152))).toMatchObject({ segments: 3 });
  });

  it('counts an emoji as two UTF-16 units but one character', () => {
    expect(smsSegments('Oi 😊')).toEqual({ encoding: 'UCS-2', length: 5, characters: 4, segments: 1 });
  });

  it.each([
    ['é è ù ì ò Ç Ø ø Å å Ä Ö Ñ Ü ä ö ñ ü à É ß Æ æ £ ¥ ¿ ¡ § ¤', true],
    ['^ { } \\ [ ] ~ | €', true],
    ['ç', false],
    ['ã', false],
    ['õ', false],
    ['á', false],
    ['ê', false],
    ['`', false],
    ['\u00a0', false],
  ])('isGsm7(%j) = %p', (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });
});
