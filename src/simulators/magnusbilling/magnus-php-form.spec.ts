import { parsePhpForm, phpHttpBuildQuery, PhpArray, phpUrlEncode, utf8 } from './magnus-php-form';
import { phpCompareWithZero, phpIntCast, phpJsonEncode } from './magnus-php-values';

const rebuild = (body: string) => phpHttpBuildQuery(parsePhpForm(Buffer.from(body, 'latin1')));
const binary = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('PHP $_POST and http_build_query, as MagnusBilling signs them', () => {
  it('urlencodes like PHP: only A-Za-z0-9._- kept, space as +, bytes of UTF-8 as %XX', () => {
    expect(phpUrlEncode(binary('a b*c~d-e_f.g!é'))).toBe('a+b%2Ac%7Ed-e_f.g%21%C3%A9');
  });

  it('re-encodes a parsed body to the PHP form whatever escaping the client chose', () => {
    expect(rebuild('q=a%20b&r=*~&s=%c3%a9')).toBe('q=a+b&r=%2A%7E&s=%C3%A9');
    expect(rebuild('q=50%&r=%zz')).toBe('q=50%25&r=%25zz');
  });

  it('keeps the first position of a repeated key and the last value', () => {
    expect(rebuild('a=1&b=2&a=3')).toBe('a=3&b=2');
  });

  it('turns dots and spaces in names into underscores and skips empty names', () => {
    expect(rebuild('a.b=1&c+d=2&=3&&e')).toBe('a_b=1&c_d=2&e=');
  });

  it('builds arrays from brackets and re-encodes them with %5B %5D', () => {
    const form = parsePhpForm(Buffer.from('id[]=1&id[]=2&x[a][b]=3&y[=4'));
    expect(form.get('id')).toBeInstanceOf(PhpArray);
    expect(phpHttpBuildQuery(form)).toBe('id%5B0%5D=1&id%5B1%5D=2&x%5Ba%5D%5Bb%5D=3&y_=4');
  });

  it('reads values as UTF-8 text', () => {
    const form = parsePhpForm(Buffer.from('n=Jo%C3%A3o'));
    expect(utf8(form.get('n') as string)).toBe('João');
  });

  it('casts and compares like PHP 8', () => {
    expect(phpIntCast('12abc')).toBe(12);
    expect(phpIntCast('abc')).toBe(0);
    expect(phpIntCast(' 1e3')).toBe(1000);
    expect(phpCompareWithZero('')).toBe(-1);
    expect(phpCompareWithZero('abc')).toBe(1);
    expect(phpCompareWithZero(' 0 ')).toBe(0);
    expect(phpCompareWithZero('-3')).toBe(-1);
  });

  it('json_encodes like PHP: escaped slashes and \\u escapes for non-ASCII', () => {
    expect(phpJsonEncode({ a: 'São/1', b: '😀' })).toBe('{"a":"S\\u00e3o\\/1","b":"\\ud83d\\ude00"}');
  });
});
