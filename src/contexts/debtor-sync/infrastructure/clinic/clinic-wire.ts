/**
 * The clinic API's answers as they arrive (docs/integrations/clinic-api.md): loosely typed on purpose, every
 * field is checked where it is read. Only the fields Régua uses are named.
 */
export interface WireClinic {
  idClinica?: unknown;
  nomeClinica?: unknown;
  razaoSocial?: unknown;
  cnpj?: unknown;
  ativo?: unknown;
  timezone?: unknown;
}

export interface WireClinicPage {
  current_page?: unknown;
  last_page?: unknown;
  total?: unknown;
  data?: unknown;
}

export interface WirePhones {
  telefoneResidencial?: unknown;
  telefoneCelular?: unknown;
  telefoneComercial?: unknown;
  telefoneContato?: unknown;
  nomeContato?: unknown;
  email?: unknown;
}

export interface WirePayer {
  nomePagante?: unknown;
  contato?: {
    telefoneResidencial?: unknown;
    telefoneCelular?: unknown;
    telefoneComercial?: unknown;
    email?: unknown;
  };
  grauParentesco?: unknown;
}

export interface WireInstallment {
  idContratoParcela?: unknown;
  numeroParcela?: unknown;
  dataVencimento?: unknown;
  valorParcela?: unknown;
  nomeStatusFinanceiro?: unknown;
  nomeFormaPagamento?: unknown;
  pagante?: WirePayer | null;
}

export interface WireReportItem {
  idPaciente?: unknown;
  nomePaciente?: unknown;
  cpfPaciente?: unknown;
  dataNascimento?: unknown;
  telefones?: WirePhones | null;
  contrato?: {
    idContrato?: unknown;
    versaoContrato?: unknown;
    valorContratoFinal?: unknown;
    nomeFormaPagamento?: unknown;
    realizarCobrancaAmigavel?: unknown;
  } | null;
  parcelas?: unknown;
}

export interface WireReportPage {
  success?: unknown;
  data?: unknown;
  current_page?: unknown;
  last_page?: unknown;
  message?: unknown;
}
