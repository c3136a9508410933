import { fold } from './magnus-mysql';
import { attributeLabel, USER_COLUMNS, type MagnusUser, type UserValue } from './magnus-user-columns';

/**
 * `User::rules()` run by Yii on save (`protected/models/User.php`), with Yii 1.1's own messages. Note
 * what they do not check: `active` only has to be an integer — 7 passes and is stored — so a client
 * must keep to 0..4 itself. Errors come back keyed by attribute, in rule order.
 */

export type ValidationErrors = Record<string, string[]>;
/** an attribute as the model holds it: typed from the database or a string (or array) from the request */
export type Candidate = Record<string, UserValue | object>;

const INTEGER = /^\s*[+-]?\d+\s*$/;
const DOUBLE = /^[-+]?([0-9]*\.)?[0-9]+([eE][-+]?[0-9]+)?$/;

export function validateUser(candidate: Candidate, others: Iterable<MagnusUser>): ValidationErrors {
  const errors: ValidationErrors = {};
  const add = (name: string, message: string) => (errors[name] ??= []).push(message);
  const label = attributeLabel;

  for (const name of ['username', 'password']) {
    if (isEmpty(candidate[name], true)) add(name, `${label(name)} cannot be blank.`);
  }
  for (const column of USER_COLUMNS) {
    const value = candidate[column.name];
    if (column.kind !== 'int' || !column.safe || isEmpty(value)) continue;
    if (typeof value === 'object' || !INTEGER.test(String(value))) {
      add(column.name, `${label(column.name)} must be an integer.`);
    }
  }
  for (const column of USER_COLUMNS) {
    const value = candidate[column.name];
    if (column.max === undefined || isEmpty(value)) continue;
    if (typeof value === 'object') {
      add(column.name, `${label(column.name)} is invalid.`);
      continue;
    }
    const length = [...String(value)].length;
    if (column.name === 'username' && length < 4) {
      add(column.name, 'Username is too short (minimum is 4 characters).');
    }
    if (length > column.max) {
      add(column.name, `${label(column.name)} is too long (maximum is ${column.max} characters).`);
    }
  }
  for (const name of ['credit', 'contract_value']) {
    const value = candidate[name];
    if (isEmpty(value) || typeof value === 'number') continue;
    if (typeof value === 'object' || !DOUBLE.test(String(value).trim())) {
      add(name, `${label(name)} must be double.`);
    }
  }
  checkUsername(candidate, add);
  checkSecret(candidate, add);
  const username = candidate.username;
  if (typeof username === 'string' && username !== '') {
    const taken = [...others].some(
      (user) => user.id !== candidate.id && fold(String(user.username)) === fold(username),
    );
    if (taken) add('username', `Username "${username}" has already been taken.`);
  }
  return errors;
}

/** `User::checkusername`: runs even on an empty username. */
function checkUsername(candidate: Candidate, add: (name: string, message: string) => void): void {
  const username = typeof candidate.username === 'object' ? 'Array' : String(candidate.username ?? '');
  if (username.includes(' ')) add('username', 'No space allow in username');
  if (!/^[0-9A-Za-z]/.test(username)) add('username', 'Username need start with numbers or letters');
}

function checkSecret(candidate: Candidate, add: (name: string, message: string) => void): void {
  const password = typeof candidate.password === 'object' ? 'Array' : String(candidate.password ?? '');
  if (password.includes(' ')) add('password', 'No space allow in password');
  if (['123456', '12345678', '012345'].includes(password)) {
    add('password', 'No use sequence in the password');
  }
  if (password === String(candidate.username ?? '')) add('password', 'Password cannot be equal username');
}

/** Yii's `isEmpty`: null, '' and [] (and whitespace for `required`). */
function isEmpty(value: UserValue | object | undefined, trim = false): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return (trim ? value.trim() : value) === '';
  return false;
}
