import { parseFilter } from './magnus-filter';
import { mysqlNumber } from './magnus-mysql';
import { utf8, type PhpArray, type PhpValue } from './magnus-php-form';
import { isPhpNumeric, phpIntCast } from './magnus-php-values';
import { json, MAGNUS_MESSAGES, text, type MagnusReply } from './magnus-replies';
import { apiRow, serverDateTime, touched, type MagnusState } from './magnus-state';
import { blankUser, storedValue, USER_COLUMNS, type MagnusUser } from './magnus-user-columns';
import { validateUser, type Candidate } from './magnus-user-rules';

/**
 * `user/save` and `user/destroy` (`BaseController::actionSave/actionDestroy`, integrations.md §2.3, §9).
 * Save creates when `id` is missing, empty or `0`, else loads `(int) id`; only the model's safe
 * attributes are assigned, other fields are ignored. Answers keep PHP's odd shapes: a missing record
 * puts the message in the KEY (`"Record not found.":null`), and destroy's `success` is the number of
 * deleted rows (`1`/`0`), not a boolean.
 */
export function saveUser(state: MagnusState, form: PhpArray): MagnusReply {
  const id = form.get('id');
  const filter = form.get('filter');
  // Reached only when the body's `action` is not `save` (ApiAccess stops the rest): the update-all path
  // would then try to write `module`/`action` columns and die; refusing like ApiAccess is close enough.
  if (typeof id === 'object' || (typeof filter === 'string' && filter !== '')) {
    return text(MAGNUS_MESSAGES.onePerTime);
  }
  const creating = id === undefined || id === '' || id === '0';
  const existing = creating ? undefined : state.users.get(phpIntCast(id));
  if (!creating && !existing) return json({ success: false, rows: [], [MAGNUS_MESSAGES.notFound]: null });

  const assigned = safeAttributes(form);
  const base = existing ?? blankUser(state.nextId, serverDateTime(state));
  const candidate: Candidate = { ...base };
  for (const [name, value] of assigned) candidate[name] = typeof value === 'string' ? utf8(value) : value;
  // UserController::beforeSave: `id_plan < 1` means "no plan".
  const plan = candidate.id_plan;
  if (assigned.has('id_plan') && typeof plan === 'string' && phpLessThanOne(plan)) candidate.id_plan = null;
  const errors = validateUser(candidate, state.users.values());
  if (Object.keys(errors).length > 0) return json({ success: false, rows: [], errors });

  const user: MagnusUser = existing ?? base;
  for (const column of USER_COLUMNS) {
    const value = candidate[column.name];
    if (!assigned.has(column.name)) continue;
    if (typeof value === 'string') user[column.name] = storedValue(column, value);
    else if (value === null) user[column.name] = null;
  }
  if (!existing) {
    state.users.set(state.nextId, user);
    state.nextId++;
  }
  touched(state);
  return json({ success: true, rows: [apiRow(user)], msg: MAGNUS_MESSAGES.success });
}

export function destroyUser(state: MagnusState, form: PhpArray): MagnusReply {
  const filter = form.get('filter');
  if (typeof filter === 'string' && filter !== '') {
    // The API key's user is an admin, and admins may delete by filter.
    const parsed = parseFilter(utf8(filter));
    if (!parsed.ok) return parsed.reply;
    const doomed = [...state.users.values()].filter(parsed.predicate);
    for (const user of doomed) state.users.delete(user.id as number);
    if (doomed.length > 0) touched(state);
    return json(
      doomed.length > 0
        ? { success: doomed.length, msg: MAGNUS_MESSAGES.success }
        : { success: 0, errors: true },
    );
  }
  const id = form.get('id');
  // UserController refuses user 1 (the root admin on a real install) but forgets to set the message.
  if (typeof id === 'string' && mysqlNumber(id) === 1) return json({ success: false, errors: null });
  const user = typeof id === 'string' ? state.users.get(mysqlNumber(id)) : undefined;
  if (!user) return json({ success: 0, errors: null });
  state.users.delete(user.id as number);
  touched(state);
  return json({ success: 1, msg: MAGNUS_MESSAGES.success });
}

function phpLessThanOne(value: string): boolean {
  return isPhpNumeric(value) ? Number(value.trim()) < 1 : value < '1';
}

/** `$model->attributes = $_POST`: only attributes with a rule are assigned. */
function safeAttributes(form: PhpArray): Map<string, PhpValue> {
  const assigned = new Map<string, PhpValue>();
  for (const column of USER_COLUMNS) {
    const value = form.get(column.name);
    if (column.safe && value !== undefined) assigned.set(column.name, value);
  }
  return assigned;
}
