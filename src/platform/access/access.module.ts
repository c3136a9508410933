import { Global, Module } from '@nestjs/common';
import { CreateAdmin } from './create-admin';
import { Tenants } from './tenants';

@Global()
@Module({ providers: [Tenants, CreateAdmin], exports: [Tenants, CreateAdmin] })
export class AccessModule {}
