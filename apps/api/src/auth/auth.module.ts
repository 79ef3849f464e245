import { Global, Module } from '@nestjs/common';
import { TokenVerifier, createTokenVerifier } from '@consult/auth';
import { AppConfig } from '@consult/config';
import { AuthHook } from './auth.hook';

/** Token verification for the api: HS256 with the shared secret, or an OpenID Connect provider's JWKS. */
@Global()
@Module({
  providers: [
    { provide: TokenVerifier, useFactory: (config: AppConfig) => createTokenVerifier(config), inject: [AppConfig] },
    AuthHook,
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
