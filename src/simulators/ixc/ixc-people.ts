import { randomInt, type Random } from '../host/prng';

/**
 * Realistic Brazilian customer data for the fake ERP: names, masked CPF/CNPJ (mostly valid check digits,
 * a few wrong as in real databases), masked phones where ~7% lack the mobile 9th digit (integrations.md
 * §1.9), and addresses in the cities the seed providers serve.
 */

const FEMALE = [
  'Maria',
  'Ana',
  'Francisca',
  'Antônia',
  'Adriana',
  'Juliana',
  'Márcia',
  'Fernanda',
  'Patrícia',
  'Aline',
  'Sandra',
  'Camila',
  'Amanda',
  'Bruna',
  'Jéssica',
  'Letícia',
  'Júlia',
  'Luciana',
  'Vanessa',
  'Mariana',
];
const MALE = [
  'José',
  'João',
  'Antônio',
  'Francisco',
  'Carlos',
  'Paulo',
  'Pedro',
  'Lucas',
  'Luiz',
  'Marcos',
  'Luís',
  'Gabriel',
  'Rafael',
  'Daniel',
  'Marcelo',
  'Bruno',
  'Eduardo',
  'Felipe',
  'Raimundo',
  'Rodrigo',
];
const SURNAMES = [
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
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Rocha',
  'Dias',
  'Nascimento',
  'Andrade',
  'Moreira',
  'Nunes',
  'Marques',
  'Machado',
  'Mendes',
  'Freitas',
  'Cardoso',
  'Ramos',
  'Gonçalves',
  'Santana',
  'Teixeira',
];
const BUSINESS_KINDS = [
  'Mercadinho',
  'Padaria',
  'Farmácia',
  'Auto Peças',
  'Oficina',
  'Restaurante',
  'Lanchonete',
  'Academia',
  'Clínica',
  'Escritório',
  'Pousada',
  'Loja',
  'Distribuidora',
  'Papelaria',
  'Pet Shop',
];
const BUSINESS_NAMES = [
  'Boa Vista',
  'São José',
  'Central',
  'Progresso',
  'Estrela',
  'Nova Era',
  'Bom Jesus',
  'Santa Luzia',
  'do Povo',
  'Primavera',
  'Litoral',
  'Sol Nascente',
  'Esperança',
  'União',
  'Vitória',
];
const COMPANY_SUFFIXES = ['Ltda', 'ME', 'EIRELI', 'Ltda ME', 'S/A'];
const STREETS = [
  'Rua Itabaiana',
  'Avenida Beira Mar',
  'Rua Laranjeiras',
  'Rua Santa Luzia',
  'Avenida Hermes Fontes',
  'Rua Boquim',
  'Rua Lagarto',
  'Travessa São Cristóvão',
  'Rua Propriá',
  'Avenida Barão de Maruim',
  'Rua Arauá',
  'Rua Estância',
  'Rua Sete de Setembro',
  'Avenida Tancredo Neves',
  'Rua do Sol',
];
const DISTRICTS = [
  'Centro',
  'Siqueira Campos',
  'Jardins',
  'Atalaia',
  'Grageru',
  'Luzia',
  'Santos Dumont',
  'Farolândia',
  'Suíssa',
  'Ponto Novo',
  'Inácio Barbosa',
  'Coroa do Meio',
  'São Conrado',
  'Bugio',
  'Getúlio Vargas',
];
const EMAIL_DOMAINS = [
  'gmail.com',
  'gmail.com',
  'gmail.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.com.br',
  'bol.com.br',
  'uol.com.br',
];

/** IXC keeps the city as a numeric code of its `cidade` table and the state as a numeric `uf` code. */
export const CITIES = [
  { cidade: '4221', uf: '26', ddd: '79', cep: '49' },
  { cidade: '4186', uf: '26', ddd: '79', cep: '49' },
  { cidade: '2914', uf: '5', ddd: '71', cep: '40' },
  { cidade: '2611', uf: '17', ddd: '81', cep: '50' },
  { cidade: '2704', uf: '2', ddd: '82', cep: '57' },
] as const;

export interface Person {
  razao: string;
  fantasia: string;
  tipoPessoa: 'F' | 'J';
  document: string;
  email: string;
  firstName: string;
}

export function randomPerson(random: Random, id: number): Person {
  if (random() < 0.1) {
    const name = `${pick(random, BUSINESS_KINDS)} ${pick(random, BUSINESS_NAMES)}`;
    return {
      razao: `${name} ${pick(random, COMPANY_SUFFIXES)}`,
      fantasia: name,
      tipoPessoa: 'J',
      document: cnpj(random, random() < 0.02),
      email: random() < 0.9 ? `contato${id}@${slug(name)}.com.br` : '',
      firstName: '',
    };
  }
  const firstName = random() < 0.5 ? pick(random, FEMALE) : pick(random, MALE);
  const surname = pick(random, SURNAMES);
  const middle = random() < 0.6 ? ` ${pick(random, SURNAMES)}` : '';
  const email =
    random() < 0.85
      ? `${slug(firstName)}.${slug(surname)}${randomInt(random, 1, 999)}@${pick(random, EMAIL_DOMAINS)}`
      : '';
  return {
    razao: `${firstName}${middle} ${surname}`,
    fantasia: '',
    tipoPessoa: 'F',
    document: cpf(random, random() < 0.03),
    email,
    firstName,
  };
}

export interface MobileNumber {
  ddd: string;
  /** the 8 digits after the mobile 9 */
  digits: string;
}

export function mobileNumber(random: Random, ddd: string): MobileNumber {
  return {
    ddd,
    digits: `${randomInt(random, 8100, 9999)}${String(randomInt(random, 0, 9999)).padStart(4, '0')}`,
  };
}

/** `(79) 99830-7232`; `withoutNinthDigit` gives the legacy 8-digit form `(79) 9830-7232`. */
export function formatMobile({ ddd, digits }: MobileNumber, withoutNinthDigit: boolean): string {
  return `(${ddd}) ${withoutNinthDigit ? '' : '9'}${digits.slice(0, 4)}-${digits.slice(4)}`;
}

export function landline(random: Random, ddd: string): string {
  return `(${ddd}) 3${randomInt(random, 100, 999)}-${String(randomInt(random, 0, 9999)).padStart(4, '0')}`;
}

/** Address parts derived from a per-customer hash, so 50k customers' addresses cost no memory. */
export function address(hash: number): { endereco: string; numero: string; bairro: string; cep: string } {
  return {
    endereco: STREETS[hash % STREETS.length],
    numero: String(1 + ((hash >>> 4) % 1800)),
    bairro: DISTRICTS[(hash >>> 8) % DISTRICTS.length],
    cep: String((hash >>> 12) % 1000).padStart(3, '0'),
  };
}

/** Masked CPF `627.105.245-20`; `wrongCheck` breaks the check digits, as some real records are. */
function cpf(random: Random, wrongCheck = false): string {
  const digits = Array.from({ length: 9 }, () => randomInt(random, 0, 9));
  digits.push(checkDigit(digits, 10));
  digits.push(checkDigit(digits, 11));
  if (wrongCheck) digits[10] = (digits[10] + 1) % 10;
  const d = digits.join('');
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

/** Masked CNPJ `12.345.678/0001-95`. */
function cnpj(random: Random, wrongCheck = false): string {
  const digits = [...Array.from({ length: 8 }, () => randomInt(random, 0, 9)), 0, 0, 0, 1];
  digits.push(cnpjCheckDigit(digits));
  digits.push(cnpjCheckDigit(digits));
  if (wrongCheck) digits[13] = (digits[13] + 1) % 10;
  const d = digits.join('');
  return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
}

function checkDigit(digits: number[], firstWeight: number): number {
  const sum = digits.reduce((acc, digit, i) => acc + digit * (firstWeight - i), 0);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

function cnpjCheckDigit(digits: number[]): number {
  const weights =
    digits.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = digits.reduce((acc, digit, i) => acc + digit * weights[i], 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** 32-bit mix of a few integers (seed, id, purpose) for values derived on demand instead of stored. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
