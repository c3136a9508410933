import { sanitizeTypeError } from './magnus-error-page';
import { utf8, type PhpArray } from './magnus-php-form';
import type { MagnusReply } from './magnus-replies';

/**
 * `SqlInject::sanitize`, which `BaseController::init` runs over `$_POST` before the API key is even checked
 * (integrations.md §2.2, §9). It walks the fields in order and JSON-decodes those that are JSON. In a decoded
 * array, an element that is an object ends the whole screening when it is a numeric filter (or an old-style
 * `{"data":{"type":"list"}}`), and otherwise is handed to `preg_match` as a `stdClass`: PHP 8 throws a
 * TypeError and Yii answers HTTP 500 with its debug page. So only a `filter` whose first object is
 * `"type":"numeric"` is safe; a `string`, `list`, `date` or `boolean` filter first crashes, whatever follows.
 *
 * Not modelled: the keyword screening itself (`UPDATE `, `echo`, …, answered with a JSON refusal), which
 * the observations did not cover.
 */
export function sanitizeRequest(form: PhpArray): MagnusReply | undefined {
  for (const value of form.entries.values()) {
    if (typeof value !== 'string') continue;
    const decoded = jsonOf(utf8(value));
    if (decoded === undefined) continue;
    if (!Array.isArray(decoded)) {
      // A decoded object goes to strlen(): the same TypeError, one call earlier.
      if (isObject(decoded)) return sanitizeTypeError('stdClass');
      continue;
    }
    const verdict = screenElements(decoded);
    if (verdict === 'safe') return undefined;
    if (verdict !== 'pass') return verdict;
  }
  return undefined;
}

/** 'safe' ends the screening for the whole request; 'pass' goes on to the next field. */
function screenElements(elements: readonly unknown[]): 'safe' | 'pass' | MagnusReply {
  for (const element of elements) {
    if (Array.isArray(element)) {
      // Nested arrays are lower-cased value by value; an object among them is a TypeError too.
      if (element.some(isObject)) return sanitizeTypeError('stdClass');
      continue;
    }
    if (!isObject(element)) continue;
    const data = element.data;
    if (isObject(data) && data.type === 'list') return 'safe';
    if (element.type === 'numeric') return 'safe';
    return sanitizeTypeError('stdClass');
  }
  return 'pass';
}

function jsonOf(value: string): unknown {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
