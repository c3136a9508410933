import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import type { DatabaseRuntime } from './database-runtime';

export const DATABASE_RUNTIME = Symbol('DATABASE_RUNTIME');

@Module({})
export class DatabaseModule {
  static forRoot(runtime: DatabaseRuntime, options: { migrationsRun: boolean }): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(runtime),
          entities: [],
          autoLoadEntities: true,
          migrationsRun: options.migrationsRun,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      providers: [{ provide: DATABASE_RUNTIME, useValue: runtime }],
      exports: [DATABASE_RUNTIME],
    };
  }
}
