import { Module } from '@nestjs/common';
import { LocalControlServer } from './local-control.server';

/** Lets the CLI run operator commands through the app while it holds the embedded database. */
@Module({ providers: [LocalControlServer] })
export class LocalControlModule {}
