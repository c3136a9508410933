/** The clinic API's wire records (Portuguese field names, as the real API sends them; docs/integrations/clinic-api.md). */

export interface ClinicaRecord {
  idClinica: number;
  nomeClinica: string;
  razaoSocial: string;
  sigla: string;
  estado: string;
  idCidade: number;
  logradouro: string;
  CEP: string;
  ddd: string;
  cnpj: string;
  ativo: number;
  telefone1: string | null;
  telefone2: string | null;
  bairro: string | null;
  numero: string | null;
  franquia: number | null;
  timezone: string | null;
  dataPrimeiroFaturamento: string | null;
  nomeCidade: string | null;
}

export interface PaganteRecord {
  nomePagante: string;
  contato: {
    telefoneResidencial: string | null;
    telefoneCelular: string | null;
    telefoneComercial: string | null;
    email: string | null;
  };
  endereco: Record<string, string | null>;
  dataNascimento: string | null;
  documentoPagante: string | null;
  tipoDocumento: string | null;
  grauParentesco: string | null;
}

export interface ParcelaRecord {
  idContratoParcela: number;
  numeroParcela: number;
  /** `yyyy-mm-dd` */
  dataVencimento: string;
  /** reais as a decimal string, `"123.45"` */
  valorParcela: string;
  nomeStatusFinanceiro: string;
  possivelCompensado: boolean;
  nomeFormaPagamento: string;
  parcelaUnica: boolean;
  nomeInstituicao: string | null;
  nomeStatus: string | null;
  pagante: PaganteRecord | null;
}

export interface ContratoRecord {
  idContrato: number;
  versaoContrato: number;
  quantidadeParcelasFaltantes: number;
  valorInadimplente: string;
  valorContratoFinal: string;
  dataContrato: string;
  primeiroFaturamento: string | null;
  obsNegociacao: string | null;
  nomeFormaPagamento: string;
  realizarGestaoRecebiveis: boolean;
  realizarCobrancaAmigavel: boolean;
}

export interface TelefonesRecord {
  telefoneResidencial: string | null;
  telefoneCelular: string | null;
  telefoneComercial: string | null;
  telefoneContato: string | null;
  nomeContato: string | null;
  email: string | null;
}

/** One report entry: a patient with one contract and its installments. */
export interface PacienteEntry {
  idPaciente: number;
  nomePaciente: string;
  cpfPaciente: string;
  dataNascimento: string | null;
  idClinica: number;
  enderecos: {
    logradouro: string;
    numero: string;
    complemento: string | null;
    bairro: string | null;
    cidade: string;
    estado: string;
    cep: string;
  };
  telefones: TelefonesRecord;
  contrato: ContratoRecord;
  parcelas: ParcelaRecord[];
}
