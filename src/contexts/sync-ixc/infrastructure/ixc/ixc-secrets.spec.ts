import { dropSecrets, isSecretField } from './ixc-secrets';

describe('dropSecrets', () => {
  it('removes every password- or token-like field and keeps the rest', () => {
    const row = {
      id: '1',
      razao: 'Maria',
      senha: 'plain',
      hotsite_senha: 'plain',
      senha_md5: 'hash',
      senha_rede_sem_fio: 'wifi',
      Password: 'x',
      user_password_hash: 'x',
      passwd: 'x',
      token_cartao: 'x',
      api_token: 'x',
      client_secret: 'x',
      hotsite_email: 'maria@example.com',
      telefone_celular: '(79) 99830-7232',
    };
    expect(dropSecrets(row)).toEqual({
      id: '1',
      razao: 'Maria',
      hotsite_email: 'maria@example.com',
      telefone_celular: '(79) 99830-7232',
    });
    expect(row).toHaveProperty('senha', 'plain');
  });

  it('returns a row without secrets as is, without copying it', () => {
    const clean = { id: '1', razao: 'Maria' };
    expect(dropSecrets(clean)).toBe(clean);
  });

  it('recognises secret field names case-insensitively', () => {
    expect(isSecretField('SENHA')).toBe(true);
    expect(isSecretField('ultima_atualizacao')).toBe(false);
    expect(isSecretField('pix_txid')).toBe(false);
  });
});
