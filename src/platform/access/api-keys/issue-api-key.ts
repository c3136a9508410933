import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { InvalidAdminInputError } from '../access.errors';
import { principalRef, type Principal } from '../auth.decorators';
import { generateApiKey } from './api-key-token';
import { ApiKeyStore, type ApiKeyRecord } from './api-key.store';
import { parseIpRule } from './ip-allow-list';

export interface IssueApiKeyInput {
  name: string;
  scopes: string[];
  expiresAt?: string;
  allowedIps?: string[];
}

/** Creates a key in the caller's tenant. The whole key (`token`) exists only in this answer. */
@Injectable()
export class IssueApiKey {
  constructor(
    private readonly keys: ApiKeyStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(issuer: Principal, input: IssueApiKeyInput): Promise<{ key: ApiKeyRecord; token: string }> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new InvalidAdminInputError('expiresAt must be in the future');
    }
    const allowedIps = (input.allowedIps ?? []).map((rule) => {
      const canonical = parseIpRule(rule);
      if (!canonical) throw new InvalidAdminInputError(`"${rule}" is not an IP address or CIDR block`);
      return canonical;
    });
    const generated = generateApiKey(this.config.REGUA_MODE);
    const key = await this.keys.insert({
      tenantId: issuer.tenantId,
      name: input.name.trim(),
      publicId: generated.publicId,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      scopes: input.scopes,
      allowedIps: [...new Set(allowedIps)],
      expiresAt,
      createdBy: principalRef(issuer),
    });
    return { key, token: generated.token };
  }
}
