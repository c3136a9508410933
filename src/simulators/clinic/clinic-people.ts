import { randomInt, type Random } from '../host/prng';

const FIRST = [
  'Ana',
  'Bruno',
  'Carla',
  'Diego',
  'Eduarda',
  'Felipe',
  'Gabriela',
  'Henrique',
  'Isabela',
  'João',
  'Larissa',
  'Marcos',
  'Natália',
  'Otávio',
  'Paula',
  'Rafael',
  'Sofia',
  'Thiago',
  'Vitória',
  'William',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Araújo',
  'Melo',
  'Barbosa',
  'Cardoso',
  'Rocha',
];
const DDDS = ['11', '21', '31', '41', '51', '61', '71', '79', '81', '85'];

export function personName(random: Random): string {
  const pick = (list: string[]) => list[randomInt(random, 0, list.length - 1)]!;
  return `${pick(FIRST)} ${pick(LAST)} ${pick(LAST)}`;
}

/** A CPF with valid check digits, 11 digits; `masked` formats it `000.000.000-00`. */
export function cpf(random: Random, masked: boolean): string {
  const digits = Array.from({ length: 9 }, () => randomInt(random, 0, 9));
  if (digits.every((d) => d === digits[0])) digits[8] = (digits[8]! + 1) % 10;
  for (const length of [9, 10]) {
    const sum = digits.slice(0, length).reduce((acc, d, i) => acc + d * (length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  const text = digits.join('');
  return masked ? `${text.slice(0, 3)}.${text.slice(3, 6)}.${text.slice(6, 9)}-${text.slice(9)}` : text;
}

/** A Brazilian mobile in one of the national formats clinic systems hold. */
export function mobile(random: Random): string {
  const ddd = DDDS[randomInt(random, 0, DDDS.length - 1)]!;
  const rest = `9${randomInt(random, 6000, 9999)}${String(randomInt(random, 0, 9999)).padStart(4, '0')}`;
  switch (randomInt(random, 0, 2)) {
    case 0:
      return `(${ddd}) ${rest.slice(0, 5)}-${rest.slice(5)}`;
    case 1:
      return `${ddd}${rest}`;
    default:
      return `0${ddd} ${rest}`;
  }
}

export function landline(random: Random): string {
  const ddd = DDDS[randomInt(random, 0, DDDS.length - 1)]!;
  return `(${ddd}) 3${randomInt(random, 100, 999)}-${String(randomInt(random, 0, 9999)).padStart(4, '0')}`;
}

export function emailOf(name: string, id: number): string {
  const local = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(' ')
    .slice(0, 2)
    .join('.');
  return `${local}.${id}@example.com`;
}
