import type { Request, Response } from 'express';
import { sendEvolutionError } from './evolution-errors';
import type { EvolutionInstance, WebhookConfig } from './evolution-state';

/** `POST /webhook/set/{instance}` body `{webhook: {enabled, url, headers?, byEvents?, base64?, events?}}`. */
export function setWebhook(instance: EvolutionInstance, req: Request, res: Response): void {
  const body = req.body as { webhook?: unknown } | undefined;
  const raw = body?.webhook;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return sendEvolutionError(res, 400, ['instance requires property "webhook"']);
  }
  const input = raw as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof input.enabled !== 'boolean') errors.push('instance.webhook.enabled is not of a type(s) boolean');
  if (typeof input.url !== 'string' || !/^https?:\/\/\S+$/.test(input.url)) {
    errors.push('instance.webhook.url does not conform to the "uri" format');
  }
  if (input.events !== undefined && !stringArray(input.events)) {
    errors.push('instance.webhook.events is not of a type(s) array');
  }
  if (input.headers !== undefined && !stringRecord(input.headers)) {
    errors.push('instance.webhook.headers is not of a type(s) object');
  }
  if (errors.length > 0) return sendEvolutionError(res, 400, errors);

  instance.webhook = {
    url: input.url as string,
    enabled: input.enabled as boolean,
    events: (input.events as string[] | undefined) ?? [],
    headers: (input.headers as Record<string, string> | undefined) ?? {},
    webhookByEvents: input.byEvents === true,
    webhookBase64: input.base64 === true,
  };
  res.status(201).json(webhookRecord(instance, instance.webhook));
}

/** `GET /webhook/find/{instance}`: the record, or `null` when none was set. */
export function findWebhook(instance: EvolutionInstance, res: Response): void {
  res.json(instance.webhook ? webhookRecord(instance, instance.webhook) : null);
}

function webhookRecord(instance: EvolutionInstance, webhook: WebhookConfig) {
  return {
    id: instance.instanceId.replace(/-/g, '').slice(0, 25),
    ...webhook,
    instanceId: instance.instanceId,
  };
}

function stringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function stringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
