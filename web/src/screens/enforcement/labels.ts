export const ACTION_LABEL: Record<string, string> = {
  no_change: 'Sem mudança',
  block: 'Bloquear',
  unblock: 'Desbloquear',
  disable: 'Desativar',
  enable: 'Ativar',
};

export const STATE_LABEL: Record<string, string> = {
  active: 'ativa',
  blocked: 'bloqueada',
  inactive: 'desativada',
  unknown: 'desconhecida',
};

export const TRIGGER_LABEL: Record<string, string> = {
  schedule: 'agendada',
  api: 'manual',
  event: 'mudança de contrato',
  cli: 'linha de comando',
};

export const PHASE_LABEL: Record<string, string> = {
  listing: 'listando linhas no Magnus',
  reading_contracts: 'lendo contratos no IXC',
  deciding: 'decidindo',
  applying: 'aplicando',
  done: 'terminada',
};
