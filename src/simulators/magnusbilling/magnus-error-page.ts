import type { MagnusReply } from './magnus-replies';

/**
 * The page Yii 1.1 renders for an uncaught error when the install runs with `YII_DEBUG` on, as the observed
 * server does (integrations.md §9): HTTP 500, HTML served as `text/html`, with the error class, its message,
 * the failing file and line, a window of PHP source around that line and a stack trace of server paths.
 * The source lines here are written for the simulator (what a client must cope with is the shape: a long
 * HTML page that leaks code and paths), not copied from MagnusBilling.
 */
export interface YiiError {
  /** the PHP class of what was thrown, e.g. `TypeError` or `CDbException` */
  type: string;
  message: string;
  file: string;
  line: number;
  /** source lines shown around `line`, the failing one in the middle */
  source: readonly string[];
  /** `file(line): call` frames, innermost first */
  trace: readonly string[];
}

export const MBILLING_ROOT = '/var/www/html/mbilling';
const SERVER = 'Apache/2.4.62 (Debian)';
const YII_VERSION = '1.1.29';

export function yiiErrorPage(error: YiiError): MagnusReply {
  const first = error.line - Math.floor(error.source.length / 2);
  const code = error.source
    .map((source, i) => {
      const number = first + i;
      const line = `<span class="ln">${number}</span> ${escapeHtml(source)}`;
      return number === error.line ? `<span class="error">${line}</span>` : line;
    })
    .join('\n');
  const trace = error.trace
    .map(
      (frame, i) =>
        `<tr class="trace ${i === 0 ? 'app expanded' : 'core collapsed'}"><td class="number">#${i}</td>` +
        `<td class="content"><div class="trace-file">${escapeHtml(frame)}</div></td></tr>`,
    )
    .join('\n');
  const body = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
<meta http-equiv="Content-Language" content="en"/>
<title>${escapeHtml(error.type)}</title>
<style type="text/css">
body{font:normal 9pt "Verdana";color:#000;background:#fff}
h1{font:normal 18pt "Verdana";color:#f00;margin-bottom:.5em}
.source .code pre{background-color:#ffe;margin:0.5em 0;padding:0.5em;line-height:125%;border:1px solid #eee}
.source .error{background-color:#ffe8e8}
</style>
</head>
<body>
<div class="container">
<h1>${escapeHtml(error.type)}</h1>
<p class="message">
${escapeHtml(error.message)}</p>
<div class="source">
<p class="file">${escapeHtml(`${error.file}(${error.line})`)}</p>
<div class="code"><pre>${code}
</pre></div>
</div>
<div class="traces">
<h2>Stack Trace</h2>
<table style="width:100%;">
${trace}
</table>
</div>
<div class="version">
${SERVER} <a href="http://www.yiiframework.com/">Yii Framework</a>/${YII_VERSION}</div>
</div>
</body>
</html>
`;
  return { status: 500, body };
}

/**
 * PHP 8's TypeError from `SqlInject::sanitize` (`protected/components/SqlInject.php` line 144), thrown from
 * `BaseController::init` for a `filter` whose first element is not numeric (integrations.md §2.2, §9).
 */
export function sanitizeTypeError(given: string): MagnusReply {
  return yiiErrorPage({
    type: 'TypeError',
    message: `preg_match(): Argument #2 ($subject) must be of type string, ${given} given`,
    file: `${MBILLING_ROOT}/protected/components/SqlInject.php`,
    line: 144,
    source: [
      '                    // a leading numeric filter ends the screening early',
      '                    if ($this->isNumericFilter($item)) {',
      '                        return;',
      '                    }',
      '                    if (preg_match("/$code/", $item)) {',
      '                        $this->refuse($item, $code);',
      '                    }',
      '                }',
      '            }',
    ],
    trace: [
      `${MBILLING_ROOT}/protected/components/SqlInject.php(144): preg_match()`,
      `${MBILLING_ROOT}/protected/components/BaseController.php(71): SqlInject::sanitize()`,
      `${MBILLING_ROOT}/protected/controllers/UserController.php(58): BaseController->init()`,
      `${MBILLING_ROOT}/yii/framework/web/CWebApplication.php(282): UserController->init()`,
      `${MBILLING_ROOT}/index.php(35): CApplication->run()`,
    ],
  });
}

/** A statement MariaDB refused escapes Yii as an uncaught CDbException, on the same debug page. */
export function sqlError(message: string): MagnusReply {
  return yiiErrorPage({
    type: 'CDbException',
    message: `CDbCommand failed to execute the SQL statement: ${message}`,
    file: `${MBILLING_ROOT}/yii/framework/db/CDbCommand.php`,
    line: 543,
    source: [
      '        } catch (Exception $e) {',
      '            // the driver refused the statement: report it with the SQL text',
      '            throw new CDbException($this->describe($e), (int) $e->getCode());',
      '        }',
      '    }',
    ],
    trace: [
      `${MBILLING_ROOT}/yii/framework/db/CDbCommand.php(396): CDbCommand->queryInternal()`,
      `${MBILLING_ROOT}/protected/components/BaseController.php(402): CDbCommand->queryAll()`,
      `${MBILLING_ROOT}/protected/components/BaseController.php(318): BaseController->actionRead()`,
      `${MBILLING_ROOT}/index.php(35): CApplication->run()`,
    ],
  });
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#039;',
};

/** `CHtml::encode` (htmlspecialchars with ENT_QUOTES). */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
