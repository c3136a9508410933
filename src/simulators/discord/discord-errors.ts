import type { Response } from 'express';

/** One entry of Discord's nested `_errors` lists. */
export interface FieldError {
  code: string;
  message: string;
}

export type ErrorTree = { [key: string]: ErrorTree | FieldError[] };

export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: ErrorTree;
}

/** Accumulates 50035 errors at their JSON path, the way Discord nests them (`embeds.0.title._errors`). */
export class FormErrors {
  readonly tree: ErrorTree = {};

  add(path: (string | number)[], error: FieldError): void {
    let node = this.tree;
    for (const key of path) node = (node[String(key)] ??= {}) as ErrorTree;
    ((node._errors ??= []) as FieldError[]).push(error);
  }

  get isEmpty(): boolean {
    return Object.keys(this.tree).length === 0;
  }
}

export const discordErrors = {
  unknownWebhook: { code: 10015, message: 'Unknown Webhook' },
  invalidWebhookToken: { code: 50027, message: 'Invalid Webhook Token' },
  emptyMessage: { code: 50006, message: 'Cannot send an empty message' },
  invalidJson: { code: 50109, message: 'The request body contains invalid JSON.' },
  entityTooLarge: { code: 40005, message: 'Request entity too large' },
  invalidForm: (errors: ErrorTree): DiscordErrorBody => ({
    code: 50035,
    message: 'Invalid Form Body',
    errors,
  }),
} satisfies Record<string, DiscordErrorBody | ((errors: ErrorTree) => DiscordErrorBody)>;

export function sendDiscordError(res: Response, status: number, body: DiscordErrorBody): void {
  res.status(status).json(body);
}
