import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { UnauthenticatedError } from '../access.errors';
import type { Principal, UserRole } from '../auth.decorators';

interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: UserRole;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const ROLES: readonly string[] = ['admin', 'operator'] satisfies UserRole[];

/** Login tokens: short-lived JWTs naming the user (`sub`), its tenant (`tid`) and role. */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(user: { id: string; tenantId: string; role: UserRole }): Promise<IssuedToken> {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.tenantId, role: user.role };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS };
  }

  /** The principal a valid token stands for; any defect (signature, expiry, claims) is a 401. */
  async verify(token: string): Promise<Principal> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new UnauthenticatedError();
    }
    const { sub, tid, role } = claims;
    if (
      typeof sub !== 'string' ||
      typeof tid !== 'string' ||
      typeof role !== 'string' ||
      !ROLES.includes(role)
    ) {
      throw new UnauthenticatedError();
    }
    return { kind: 'user', tenantId: tid, role: role as UserRole, scopes: [], userId: sub };
  }
}
