import { randomInt, type Random } from '../host/prng';
import { DateColumn } from './ixc-date-columns';
import { EnumColumn, TextColumn } from './ixc-text-columns';
import { CITIES, formatMobile, landline, mobileNumber, randomPerson } from './ixc-people';
import { pastUpdate, weighted, YEAR_DAYS } from './ixc-seed-random';
import type { IxcTable } from './ixc-table';

/** What later tables need to know about each customer. */
export interface CustomerFacts {
  count: number;
  branch: Uint8Array;
  since: Int32Array;
}

export function seedCustomers(table: IxcTable, random: Random, count: number, today: number): CustomerFacts {
  const facts: CustomerFacts = { count, branch: new Uint8Array(count), since: new Int32Array(count) };
  if (count === 0) return facts;
  const first = table.append(count);
  const text = (name: string) => table.typed(name, TextColumn);
  const [razao, fantasia, documento, email] = ['razao', 'fantasia', 'cnpj_cpf', 'email'].map(text);
  const [fone, celular, comercial, whatsapp] = [
    'fone',
    'telefone_celular',
    'telefone_comercial',
    'whatsapp',
  ].map(text);
  const tipo = table.typed('tipo_pessoa', EnumColumn);
  const ativo = table.typed('ativo', EnumColumn);
  const cidade = table.typed('cidade', EnumColumn);
  const filial = table.typed('filial_id', EnumColumn);
  const smsOptIn = table.typed('cob_envia_sms', EnumColumn);
  const cadastro = table.typed('data_cadastro', DateColumn);
  const nascimento = table.typed('data_nascimento', DateColumn);
  const no = ativo.codeOf('N');

  for (let i = 0; i < count; i++) {
    const row = first + i;
    const person = randomPerson(random, i + 1);
    // Most customers live in the two Sergipe cities; branch follows the city.
    const cityIndex = weighted(random, [0.45, 0.25, 0.12, 0.1, 0.08]);
    const city = CITIES[cityIndex];
    facts.branch[i] = cityIndex < 2 ? 1 : cityIndex === 2 ? 2 : 3;
    facts.since[i] = today - randomInt(random, 30, 8 * YEAR_DAYS);

    razao.write(row, person.razao);
    fantasia.write(row, person.fantasia);
    documento.write(row, person.document);
    email.write(row, person.email);
    tipo.write(row, person.tipoPessoa);
    cidade.write(row, city.cidade);
    filial.write(row, String(facts.branch[i]));
    if (random() < 0.07) ativo.setCode(row, no);
    if (random() < 0.05) smsOptIn.setCode(row, no);
    // Measured on 800 real records (integrations.md §1.9): mobile ~100% filled, WhatsApp 99%,
    // landline and business phone ~3%, and ~7% of mobiles stored without the 9th digit.
    const mobile = mobileNumber(random, city.ddd);
    if (random() < 0.995) celular.write(row, formatMobile(mobile, random() < 0.07));
    if (random() < 0.99) {
      const number = random() < 0.8 ? mobile : mobileNumber(random, city.ddd);
      whatsapp.write(row, formatMobile(number, random() < 0.076));
    }
    if (random() < 0.03) fone.write(row, landline(random, city.ddd));
    if (random() < 0.03) comercial.write(row, landline(random, city.ddd));
    cadastro.setDay(row, facts.since[i]);
    if (person.tipoPessoa === 'F')
      nascimento.setDay(row, today - randomInt(random, 18 * YEAR_DAYS, 80 * YEAR_DAYS));
    table.updatedAt.setSeconds(row, pastUpdate(random, today, facts.since[i]));
  }
  return facts;
}
