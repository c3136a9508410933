import type { DebtView, TemplateContext } from './template-context';
import { HELPER_ARITY, type HelperName } from './template-helpers';

/** Every leaf path of an object type (`debtor.name`, …); arrays are leaves (`debts`). */
type PathsOf<T> = {
  [K in keyof T & string]: T[K] extends readonly unknown[]
    ? K
    : T[K] extends object
      ? `${K}.${PathsOf<T[K]>}`
      : K;
}[keyof T & string];

/** The variables at the top of a template: exactly the leaves of TemplateContext (the compiler checks). */
const CONTEXT_PATHS = {
  'debtor.name': true,
  'debtor.firstName': true,
  'debtor.document': true,
  'company.name': true,
  debts: true,
  totalOpenCents: true,
  oldestDueDate: true,
  daysOverdue: true,
  'step.key': true,
  'step.offsetDays': true,
} as const satisfies Record<PathsOf<TemplateContext>, true>;

/** What `{{#each debts}}` exposes for each debt. */
const DEBT_FIELDS = {
  id: true,
  description: true,
  dueDate: true,
  amountCents: true,
  openCents: true,
  daysOverdue: true,
  contractId: true,
} as const satisfies Record<keyof DebtView, true>;

const ROOT_VARIABLES: ReadonlySet<string> = new Set([...Object.keys(CONTEXT_PATHS), 'debts.length']);
const DEBT_VARIABLES: ReadonlySet<string> = new Set(Object.keys(DEBT_FIELDS));
const LOOP_DATA: ReadonlySet<string> = new Set(['index', 'first', 'last']);
const BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless', 'each']);

/** The names a template may use, for error messages and the API docs. */
export const TEMPLATE_VARIABLES = {
  root: [...ROOT_VARIABLES],
  eachDebt: [...DEBT_VARIABLES, 'this', '@index', '@first', '@last'],
  helpers: Object.keys(HELPER_ARITY),
  blocks: [...BLOCK_HELPERS],
};

/** A context a path is resolved against: the template's data, or one debt inside `{{#each debts}}`. */
type Scope = { kind: 'root' } | { kind: 'debt'; item?: string; index?: string };
/** What a path points at (block helpers need the right kind: `#each` wants the debts). */
type Resolved = 'value' | 'debts' | 'debt' | { problem: string };

const isHelper = (name: string): name is HelperName => Object.hasOwn(HELPER_ARITY, name);
const at = (node: hbs.AST.Node) => ` (line ${node.loc?.start.line ?? '?'})`;

/**
 * Walks a parsed template and lists every variable, helper or construct outside the whitelist:
 * unknown variables and helpers, `{{{unescaped}}}` output, partials, decorators, `#each` over anything
 * but `debts`. Empty when the template only uses what TemplateContext provides.
 */
export function astProblems(program: hbs.AST.Program): string[] {
  const problems: string[] = [];
  const add = (node: hbs.AST.Node, message: string) => problems.push(message + at(node));

  const resolve = (path: hbs.AST.PathExpression, scopes: Scope[]): Resolved => {
    const name = path.original;
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (head === 'root') return resolveIn({ kind: 'root' }, rest, name);
      if (head && LOOP_DATA.has(head) && rest.length === 0 && scopes.some((s) => s.kind === 'debt'))
        return 'value';
      return { problem: `unknown variable "${name}"` };
    }
    if (path.depth === 0 && path.parts.length > 0) {
      for (let i = scopes.length - 1; i >= 0; i--) {
        const scope = scopes[i]!;
        if (scope.kind !== 'debt') continue;
        if (path.parts[0] === scope.item) return resolveIn(scope, path.parts.slice(1), name);
        if (path.parts[0] === scope.index)
          return path.parts.length === 1 ? 'value' : { problem: `unknown variable "${name}"` };
      }
    }
    const scope = scopes[scopes.length - 1 - path.depth];
    if (!scope) return { problem: `"${name}" climbs above the top of the template` };
    return resolveIn(scope, path.parts, name);
  };

  const resolveIn = (scope: Scope, parts: string[], name: string): Resolved => {
    const key = parts.join('.');
    if (scope.kind === 'root') {
      if (key === 'debts') return 'debts';
      if (ROOT_VARIABLES.has(key)) return 'value';
      return { problem: `unknown variable "${name}"` };
    }
    if (parts.length === 0) return 'debt';
    if (DEBT_VARIABLES.has(key)) return 'value';
    const hint = ROOT_VARIABLES.has(key) ? ` (inside {{#each debts}} write ../${key} or @root.${key})` : '';
    return { problem: `unknown variable "${name}"${hint}` };
  };

  const checkValue = (node: hbs.AST.Node, scopes: Scope[]) => {
    if (node.type === 'SubExpression') return checkCall(node as hbs.AST.SubExpression, scopes);
    if (node.type !== 'PathExpression') return; // literals
    const path = node as hbs.AST.PathExpression;
    const resolved = resolve(path, scopes);
    if (typeof resolved === 'object') add(node, resolved.problem);
  };

  const checkArguments = (node: hbs.AST.SubExpression | hbs.AST.MustacheStatement, scopes: Scope[]) => {
    node.params.forEach((p) => checkValue(p, scopes));
    node.hash?.pairs.forEach((pair) => checkValue(pair.value, scopes));
  };

  /** `(helper args)` or `{{helper args}}`: only our value helpers, with the right number of arguments. */
  const checkCall = (node: hbs.AST.SubExpression | hbs.AST.MustacheStatement, scopes: Scope[]) => {
    const name = (node.path as hbs.AST.PathExpression).original;
    if (BLOCK_HELPERS.has(name)) add(node, `"${name}" is a block helper: write {{#${name} …}}…{{/${name}}}`);
    else if (!isHelper(name)) add(node, `unknown helper "${name}"`);
    else if (node.params.length !== HELPER_ARITY[name] || node.hash?.pairs.length)
      add(node, `helper "${name}" takes ${HELPER_ARITY[name]} argument(s)`);
    checkArguments(node, scopes);
  };

  const checkMustache = (node: hbs.AST.MustacheStatement, scopes: Scope[]) => {
    if (!node.escaped) add(node, 'unescaped output ({{{…}}} or {{&…}}) is not allowed');
    if (node.path.type !== 'PathExpression') return add(node, 'a literal cannot be output on its own');
    const path = node.path as hbs.AST.PathExpression;
    const callsHelper = path.depth === 0 && !path.data && path.parts.length === 1;
    if (node.params.length > 0 || node.hash?.pairs.length) return checkCall(node, scopes);
    if (callsHelper && (isHelper(path.original) || BLOCK_HELPERS.has(path.original)))
      return checkCall(node, scopes);
    const resolved = resolve(path, scopes);
    if (typeof resolved === 'object') add(node, resolved.problem);
  };

  const checkBlock = (node: hbs.AST.BlockStatement, scopes: Scope[]) => {
    const name = node.path.original;
    if (!BLOCK_HELPERS.has(name)) {
      add(node, `unknown block helper "#${name}" (allowed: #if, #unless, #each)`);
      return;
    }
    if (node.params.length !== 1) add(node, `#${name} takes exactly one argument`);
    const extraHash = node.hash?.pairs.filter((p) => !(p.key === 'includeZero' && name !== 'each')) ?? [];
    if (extraHash.length) add(node, `#${name} does not take ${extraHash.map((p) => p.key).join(', ')}`);
    const [param] = node.params;
    if (name === 'each') {
      const resolved =
        param?.type === 'PathExpression' ? resolve(param as hbs.AST.PathExpression, scopes) : null;
      if (typeof resolved === 'object' && resolved !== null) add(node, resolved.problem);
      else if (resolved !== 'debts') add(node, '#each can only loop over debts');
      const [item, index] = node.program?.blockParams ?? [];
      visit(node.program, [...scopes, { kind: 'debt', item, index }]);
    } else {
      node.params.forEach((p) => checkValue(p, scopes));
      visit(node.program, scopes);
    }
    visit(node.inverse, scopes);
  };

  const visit = (program: hbs.AST.Program | undefined, scopes: Scope[]): void => {
    for (const node of program?.body ?? []) {
      switch (node.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement':
          checkMustache(node as hbs.AST.MustacheStatement, scopes);
          break;
        case 'BlockStatement':
          checkBlock(node as hbs.AST.BlockStatement, scopes);
          break;
        case 'PartialStatement':
        case 'PartialBlockStatement':
          add(node, 'partials ({{> …}}) are not supported');
          break;
        default:
          add(node, `${node.type} is not supported`);
      }
    }
  };

  visit(program, [{ kind: 'root' }]);
  return problems;
}
