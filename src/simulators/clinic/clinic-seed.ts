import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';
import type { ClinicSettings } from './clinic-settings';
import type { ClinicaRecord, PacienteEntry, PaganteRecord, ParcelaRecord } from './clinic-records';
import { cpf, emailOf, landline, mobile, personName } from './clinic-people';
import { addDays, formatCents } from './clinic-time';

/** The seeded clinics' names: two share "Centro", so a search by that word matches several. */
const CLINIC_NAMES = [
  'Oralsin Centro',
  'Oralsin Centro Sul',
  'Oralsin Jardins',
  'Oralsin Boa Viagem',
  'Oralsin Savassi',
  'Oralsin Moinhos',
  'Oralsin Asa Sul',
  'Oralsin Pituba',
];
const CITIES = [
  { nome: 'São Paulo', estado: 'SP', id: 3550308, ddd: '11' },
  { nome: 'Recife', estado: 'PE', id: 2611606, ddd: '81' },
  { nome: 'Belo Horizonte', estado: 'MG', id: 3106200, ddd: '31' },
  { nome: 'Porto Alegre', estado: 'RS', id: 4314902, ddd: '51' },
];
const PAID = ['Compensado', 'Caixa Clínica', 'Banco Itaú', 'Repassado', 'PagSeguro'];
const OPEN = ['Não Compensado', 'Status Inicial', 'Enviado ao Financeiro'];
const PAYMENT_METHODS = ['Boleto', 'Cartão de Crédito', 'Pix', 'Carnê'];

export const FIRST_CLINIC_ID = 1001;
export const FIRST_PATIENT_ID = 500_001;
export const FIRST_CONTRACT_ID = 800_001;
export const FIRST_INSTALLMENT_ID = 3_000_001;

export interface Ids {
  clinic: number;
  patient: number;
  contract: number;
  installment: number;
}

export function clinicRecord(id: number, nomeClinica: string, index: number): ClinicaRecord {
  const city = CITIES[index % CITIES.length]!;
  return {
    idClinica: id,
    nomeClinica,
    razaoSocial: `${nomeClinica} Odontologia Ltda`,
    sigla: nomeClinica.replace(/[^A-Z]/g, '') || 'CL',
    estado: city.estado,
    idCidade: city.id,
    logradouro: `Avenida Central, ${100 + index}`,
    CEP: `0${1000 + index}-000`,
    ddd: city.ddd,
    cnpj: `${String(12_345_678 + index).padStart(8, '0')}0001${String(index % 100).padStart(2, '0')}`,
    ativo: 1,
    telefone1: `(${city.ddd}) 3000-${String(1000 + index).slice(-4)}`,
    telefone2: null,
    bairro: 'Centro',
    numero: String(100 + index),
    franquia: 1,
    timezone: 'America/Sao_Paulo',
    dataPrimeiroFaturamento: '2019-03-01',
    nomeCidade: city.nome,
  };
}

/**
 * Seeds clinics, one contract per patient and its monthly installments around `today`: past ones mostly
 * paid, some open (overdue) or renegotiated, future ones open. About 10% of patients are minors (half with
 * a responsible payer who has a phone), 5% have no contact at all, 5% of contracts refuse friendly dunning.
 */
export function seedClinic(settings: ClinicSettings, seed: number, today: string, ids: Ids) {
  const random = mulberry32(deriveSeed(seed, 'clinic:data'));
  const clinics: ClinicaRecord[] = [];
  for (let i = 0; i < settings.clinics; i++) {
    const base = CLINIC_NAMES[i % CLINIC_NAMES.length]!;
    const name = i < CLINIC_NAMES.length ? base : `${base} ${Math.floor(i / CLINIC_NAMES.length) + 1}`;
    clinics.push(clinicRecord(ids.clinic++, name, i));
  }
  const entries: PacienteEntry[] = [];
  const perContract = settings.patients === 0 ? 0 : settings.installments / settings.patients;
  let placed = 0;
  for (let p = 0; p < settings.patients; p++) {
    const target = Math.round(perContract * (p + 1));
    const count = Math.max(0, target - placed);
    placed += count;
    const clinic = clinics[p % clinics.length]!;
    entries.push(seedEntry(random, clinic.idClinica, count, today, ids));
  }
  return { clinics, entries };
}

function seedEntry(random: Random, idClinica: number, count: number, today: string, ids: Ids): PacienteEntry {
  const idPaciente = ids.patient++;
  const name = personName(random);
  const kind = random();
  const minor = kind < 0.1;
  const noContact = kind >= 0.1 && kind < 0.15;
  const birthYear =
    Number(today.slice(0, 4)) - (minor ? randomInt(random, 8, 16) : randomInt(random, 19, 75));
  const dataNascimento = `${birthYear}-${String(randomInt(random, 1, 12)).padStart(2, '0')}-${String(randomInt(random, 1, 28)).padStart(2, '0')}`;
  const pagante = minor ? responsible(random, name, randomInt(random, 0, 1) === 0) : null;
  const valueCents = randomInt(random, 80, 900) * 100 + (randomInt(random, 0, 1) ? 50 : 0);
  const firstDue = addDays(today, -randomInt(random, 0, 420));
  const method = PAYMENT_METHODS[randomInt(random, 0, PAYMENT_METHODS.length - 1)]!;
  const parcelas: ParcelaRecord[] = [];
  for (let n = 0; n < count; n++) {
    const due = addDays(firstDue, n * 30);
    parcelas.push({
      idContratoParcela: ids.installment++,
      numeroParcela: n + 1,
      dataVencimento: due,
      valorParcela: formatCents(valueCents),
      nomeStatusFinanceiro: seededStatus(random, due, today),
      possivelCompensado: false,
      nomeFormaPagamento: method,
      parcelaUnica: count === 1,
      nomeInstituicao: null,
      nomeStatus: null,
      pagante,
    });
  }
  return {
    idPaciente,
    nomePaciente: name,
    cpfPaciente: random() < 0.02 ? '123.456.789-00' : cpf(random, random() < 0.4),
    dataNascimento,
    idClinica,
    enderecos: {
      logradouro: 'Rua das Flores',
      numero: String(randomInt(random, 1, 999)),
      complemento: null,
      bairro: 'Centro',
      cidade: 'São Paulo',
      estado: 'SP',
      cep: '01001-000',
    },
    telefones: {
      telefoneResidencial: noContact || random() < 0.6 ? null : landline(random),
      telefoneCelular: noContact ? null : mobile(random),
      telefoneComercial: null,
      telefoneContato: null,
      nomeContato: null,
      email: noContact || random() < 0.3 ? null : emailOf(name, idPaciente),
    },
    contrato: {
      idContrato: ids.contract++,
      versaoContrato: 1,
      quantidadeParcelasFaltantes: count,
      valorInadimplente: '0.00',
      valorContratoFinal: formatCents(valueCents * count),
      dataContrato: addDays(firstDue, -30),
      primeiroFaturamento: firstDue,
      obsNegociacao: null,
      nomeFormaPagamento: method,
      realizarGestaoRecebiveis: true,
      realizarCobrancaAmigavel: random() >= 0.05,
    },
    parcelas,
  };
}

function responsible(random: Random, child: string, withPhone: boolean): PaganteRecord {
  const surname = child.split(' ').slice(1).join(' ');
  const first = personName(random).split(' ')[0]!;
  return {
    nomePagante: `${first} ${surname}`,
    contato: {
      telefoneResidencial: null,
      telefoneCelular: withPhone ? mobile(random) : null,
      telefoneComercial: null,
      email: null,
    },
    endereco: {
      logradouro: 'Rua das Flores',
      numero: '10',
      complemento: null,
      cep: '01001-000',
      bairro: 'Centro',
      cidade: 'São Paulo',
      estado: 'SP',
    },
    dataNascimento: null,
    documentoPagante: cpf(random, false),
    tipoDocumento: 'CPF',
    grauParentesco: randomInt(random, 0, 1) ? 'Mãe' : 'Pai',
  };
}

function seededStatus(random: Random, due: string, today: string): string {
  if (due > today) return 'Status Inicial';
  const roll = random();
  if (roll < 0.62) return PAID[randomInt(random, 0, PAID.length - 1)]!;
  if (roll < 0.95) return OPEN[randomInt(random, 0, OPEN.length - 1)]!;
  return 'Renegociado';
}
