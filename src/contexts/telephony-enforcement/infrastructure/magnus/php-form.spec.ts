import { phpHttpBuildQuery, phpUrlencode } from './php-form';

/** Expected values are what PHP 8's `http_build_query` / `urlencode` print for the same input. */
describe('phpHttpBuildQuery', () => {
  it.each([
    ['a b*c~d', 'a+b%2Ac%7Ed'],
    ['ção', '%C3%A7%C3%A3o'],
    ["!'()", '%21%27%28%29'],
    ['', ''],
    ['AZaz09._-', 'AZaz09._-'],
    ['50% off & more=yes', '50%25+off+%26+more%3Dyes'],
    ['a+b/c?d#e', 'a%2Bb%2Fc%3Fd%23e'],
    ['line\r\nbreak\ttab', 'line%0D%0Abreak%09tab'],
    ['😀', '%F0%9F%98%80'],
    ['Avenida São João, 123 - apto. 4', 'Avenida+S%C3%A3o+Jo%C3%A3o%2C+123+-+apto.+4'],
  ])('encodes %j as %s', (value, encoded) => {
    expect(phpUrlencode(value)).toBe(encoded);
  });

  it('encodes a JSON filter string the way PHP does', () => {
    const filter = '[{"type":"numeric","field":"id","value":0,"comparison":"gt"}]';
    expect(phpHttpBuildQuery([['filter', filter]])).toBe(
      'filter=%5B%7B%22type%22%3A%22numeric%22%2C%22field%22%3A%22id%22%2C%22value%22%3A0%2C%22comparison%22%3A%22gt%22%7D%5D',
    );
  });

  it('keeps field order, encodes names too, and writes empty values as "name="', () => {
    expect(
      phpHttpBuildQuery([
        ['id', '2'],
        ['active', '0'],
        ['first name', ''],
        ['module', 'user'],
      ]),
    ).toBe('id=2&active=0&first+name=&module=user');
    expect(phpHttpBuildQuery([])).toBe('');
  });

  it('encodes a lone surrogate as U+FFFD, like any UTF-8 encoder', () => {
    expect(phpUrlencode('a\uD800b')).toBe('a%EF%BF%BDb');
  });

  it('differs from URLSearchParams, which leaves "*" raw (and would break the signature)', () => {
    const fields: [string, string][] = [['description', 'a*b']];
    expect(phpHttpBuildQuery(fields)).toBe('description=a%2Ab');
    expect(new URLSearchParams(fields).toString()).toBe('description=a*b');
  });

  it('agrees with URLSearchParams on everything but "*" and "~" for printable ASCII', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    const ours = phpUrlencode(ascii);
    const whatwg = new URLSearchParams([['x', ascii]]).toString().slice(2);
    expect(ours.replace('%2A', '*')).not.toBe(ours);
    expect(ours.replace('%2A', '*').replace('%7E', '~')).toBe(whatwg.replace('%7E', '~'));
  });
});
