import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/load-config';
import { UnauthenticatedError } from '../access.errors';
import type { Principal, UserRole } from '../auth.decorators';
import { UserStore } from '../users/user.store';

interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: UserRole;
  /** The user's token version when it was issued; a password change or disable bumps it. */
  ver: number;
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const ROLES: readonly string[] = ['admin', 'operator'] satisfies UserRole[];
/** Checked before the claims reach SQL: a uuid column refuses anything else with an error. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Login tokens: short-lived JWTs naming the user (`sub`), its tenant (`tid`), role and token version.
 * A valid signature is not enough: every request also checks the user still exists, is enabled and
 * has the token's version, and takes the role from the user as it is now (not as it was at login).
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(user: {
    id: string;
    tenantId: string;
    role: UserRole;
    tokenVersion: number;
  }): Promise<IssuedToken> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      tid: user.tenantId,
      role: user.role,
      ver: user.tokenVersion,
    };
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
    const { sub, tid, role, ver } = claims;
    if (
      typeof sub !== 'string' ||
      !UUID.test(sub) ||
      typeof tid !== 'string' ||
      !UUID.test(tid) ||
      typeof role !== 'string' ||
      !ROLES.includes(role) ||
      !Number.isInteger(ver)
    ) {
      throw new UnauthenticatedError();
    }
    const state = await this.users.sessionState(tid, sub);
    if (!state || state.disabled || state.tokenVersion !== ver) throw new UnauthenticatedError();
    return { kind: 'user', tenantId: tid, role: state.role, scopes: [], userId: sub };
  }
}
