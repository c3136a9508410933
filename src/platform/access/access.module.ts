import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { AccessMetrics } from './access-metrics';
import { ApiKeyAuthenticator } from './api-keys/api-key-authenticator';
import { ApiKeyStore } from './api-keys/api-key.store';
import { IssueApiKey } from './api-keys/issue-api-key';
import { AccessGuard } from './auth/access.guard';
import { AccessTokens } from './auth/access-tokens';
import { jwtOptions } from './auth/jwt-options';
import { Login } from './auth/login';
import { RetryAfterInterceptor } from './auth/retry-after';
import { CreateAdmin } from './create-admin';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { ConfigureIntegration } from './integrations/configure-integration';
import { FindTenantBySlugHandler } from './integrations/find-tenant-by-slug.query-handler';
import { GetTenantHandler } from './integrations/get-tenant.query-handler';
import { GetTenantIntegrationsHandler } from './integrations/get-tenant-integrations.query-handler';
import { IntegrationSecrets } from './integrations/integration-secrets';
import { LiveIntegrationsBootstrap } from './integrations/live-integrations.bootstrap';
import { ApiKeysController } from './interface/http/api-keys.controller';
import { AuthController } from './interface/http/auth.controller';
import { IntegrationsController } from './interface/http/integrations.controller';
import { UsersController } from './interface/http/users.controller';
import { OUTBOUND_POLICY_PROVIDERS } from './outbound/outbound-policy.provider';
import { OutboundUrlPolicy } from './outbound/outbound-url-policy';
import { RateLimiter } from './rate-limiting/rate-limiter';
import { SecretCipher } from './secrets/secret-cipher';
import { SecretKeyring } from './secrets/secret-key';
import { Tenants } from './tenants';
import { ChangeOwnPasswordHandler } from './users/application/change-own-password/change-own-password.handler';
import { DeleteUserHandler } from './users/application/delete-user/delete-user.handler';
import { ResetUserPasswordHandler } from './users/application/reset-user-password/reset-user-password.handler';
import { UpdateUserHandler } from './users/application/update-user/update-user.handler';
import { CreateUser } from './users/create-user';
import { DemoAdmin } from './users/demo-admin';
import { FirstAdminBootstrap } from './users/first-admin.bootstrap';
import { UserStore } from './users/user.store';

/**
 * Tenants, users, login, API keys, idempotency keys, integration secrets, the outbound URL policy
 * and rate limits. Global:
 * its guard protects every route, and contexts use `@Roles()`/`@RequireScope()`, `@Idempotent()` (which
 * needs the exported IdempotencyStore and AccessMetrics), `IntegrationSecrets` and `RateLimiter`
 * without importing it.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => jwtOptions(config) }),
  ],
  controllers: [AuthController, UsersController, ApiKeysController, IntegrationsController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    AccessMetrics,
    AccessTokens,
    ApiKeyAuthenticator,
    ChangeOwnPasswordHandler,
    DeleteUserHandler,
    ApiKeyStore,
    ConfigureIntegration,
    CreateAdmin,
    CreateUser,
    DemoAdmin,
    FindTenantBySlugHandler,
    GetTenantHandler,
    GetTenantIntegrationsHandler,
    FirstAdminBootstrap,
    IdempotencyInterceptor,
    IdempotencyStore,
    IntegrationSecrets,
    IssueApiKey,
    LiveIntegrationsBootstrap,
    Login,
    ...OUTBOUND_POLICY_PROVIDERS,
    RateLimiter,
    ResetUserPasswordHandler,
    RetryAfterInterceptor,
    SecretCipher,
    SecretKeyring,
    Tenants,
    UpdateUserHandler,
    UserStore,
  ],
  exports: [
    AccessMetrics,
    // the billing API's admin endpoints (notification-flow) manage the same keys
    ApiKeyStore,
    IssueApiKey,
    CreateAdmin,
    DemoAdmin,
    IdempotencyStore,
    IntegrationSecrets,
    OutboundUrlPolicy,
    RateLimiter,
    Tenants,
  ],
})
export class AccessModule {}
