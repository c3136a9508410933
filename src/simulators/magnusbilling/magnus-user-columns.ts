/**
 * `pkg_user` as the API prints it (integrations.md §2.5; `script/database.sql`, `models/User.php`).
 * PHP 8's mysqlnd returns INT columns as numbers, DECIMAL as strings (`"12.3400"`) and FLOAT as numbers,
 * so rows mix types the way a client will really see them.
 */

export type ColumnKind = 'int' | 'decimal' | 'float' | 'text' | 'datetime';

export interface UserColumn {
  name: string;
  kind: ColumnKind;
  /** in `User::rules()`, so `$model->attributes = $_POST` assigns it; other keys are ignored */
  safe: boolean;
  /** `length` rule, in characters */
  max?: number;
}

export type UserValue = string | number | null;
export type MagnusUser = Record<string, UserValue>;

const int = (name: string, safe = true): UserColumn => ({ name, kind: 'int', safe });
const textCol = (name: string, max: number, safe = true): UserColumn => ({ name, kind: 'text', safe, max });

/** Table order, which is the key order of every row. */
export const USER_COLUMNS: readonly UserColumn[] = [
  int('id', false),
  int('id_user'),
  int('id_group'),
  int('id_group_agent'),
  int('id_plan'),
  int('id_offer'),
  textCol('username', 20),
  textCol('password', 100),
  { name: 'credit', kind: 'decimal', safe: true },
  int('active'),
  { name: 'creationdate', kind: 'datetime', safe: false },
  { name: 'firstusedate', kind: 'datetime', safe: false },
  { name: 'expirationdate', kind: 'datetime', safe: true, max: 100 },
  int('enableexpire'),
  int('expiredays'),
  textCol('lastname', 50),
  textCol('firstname', 50),
  textCol('company_name', 100),
  textCol('commercial_name', 100),
  textCol('state_number', 40, false),
  textCol('address', 100),
  textCol('neighborhood', 50),
  textCol('city', 40),
  textCol('state', 40),
  textCol('country', 40),
  textCol('zipcode', 20),
  textCol('phone', 20),
  textCol('mobile', 20),
  textCol('email', 100),
  textCol('email2', 100),
  textCol('doc', 100),
  textCol('vat', 20),
  textCol('dist', 100),
  { name: 'contract_value', kind: 'float', safe: true },
  textCol('description', 500),
  int('typepaid'),
  int('creditlimit'),
  int('credit_notification'),
  int('credit_notification_daily'),
  int('callingcard_pin'),
  int('calllimit'),
  textCol('calllimit_error', 5),
  int('cpslimit'),
  int('restriction'),
  int('restriction_use'),
  textCol('language', 5),
  textCol('prefix_local', 500),
  textCol('redial', 50),
  textCol('loginkey', 40),
  { name: 'lastuse', kind: 'datetime', safe: true, max: 100 },
  // Observed as a string ("0") while its neighbours are numbers (integrations.md §9).
  { name: 'callshop', kind: 'text', safe: true },
  int('plan_day'),
  int('active_paypal'),
  int('boleto'),
  int('boleto_day'),
  int('disk_space'),
  int('sipaccountlimit'),
  textCol('mix_monitor_format', 5),
  textCol('company_website', 100),
  int('inbound_call_limit'),
  int('email_services'),
  int('email_did'),
];

export const COLUMNS_BY_NAME = new Map(USER_COLUMNS.map((column) => [column.name, column]));

/** What a freshly inserted row holds before the request's fields are applied. */
export function blankUser(id: number, creationdate: string): MagnusUser {
  // Spreading one template keeps every row on the same object shape: 20,000 rows build fast.
  return { ...BLANK, id, creationdate };
}

const BLANK: MagnusUser = Object.fromEntries(
  USER_COLUMNS.map((column) => [column.name, defaultValue(column)]),
);

function defaultValue(column: UserColumn): UserValue {
  switch (column.name) {
    case 'id_group_agent':
    case 'id_offer':
    case 'id_plan':
      return null;
    case 'id_user':
      return 1;
    // Observed: a user created through the API has `active: null` until it is set (§9).
    case 'active':
      return null;
    case 'callshop':
      return '0';
    case 'firstusedate':
    case 'expirationdate':
    case 'lastuse':
      return '0000-00-00 00:00:00';
    case 'language':
      return 'br';
    case 'calllimit':
    case 'cpslimit':
    case 'inbound_call_limit':
      return -1;
    case 'calllimit_error':
      return '503';
    case 'mix_monitor_format':
      return 'gsm';
    case 'country':
      return 'Brasil';
  }
  if (column.kind === 'decimal') return '0.0000';
  if (column.kind === 'int' || column.kind === 'float') return 0;
  return '';
}

/**
 * A request string as MySQL stores it in the column (validation already passed): INT as a number,
 * DECIMAL(15,4) as its fixed-point text, FLOAT as a number. Yii types an empty string for a nullable INT
 * column as NULL, which is how the observed server shows an `active` nobody has set.
 */
export function storedValue(column: UserColumn, raw: string): UserValue {
  if (column.kind === 'text' || column.kind === 'datetime') return raw;
  if (raw.trim() === '') return column.kind === 'int' ? null : column.kind === 'decimal' ? '0.0000' : 0;
  const number = Number(raw.trim());
  if (column.kind === 'int') return Math.trunc(number);
  if (column.kind === 'decimal') return number.toFixed(4);
  return number;
}

/** Yii's `generateAttributeLabel`: `contract_value` → `Contract Value`. */
export function attributeLabel(name: string): string {
  return name
    .replace(/[-_.]/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\b\w/g, (char) => char.toUpperCase());
}
