/**
 * Strict readers of syslog messages for tests, written from the specs (RFC 5424 §6 ABNF, the
 * ArcSight CEF and IBM LEEF 2.0 rules) and independent of the renderers: anything the grammar
 * does not allow throws, so a golden test cannot pass with a malformed message.
 */

export interface Rfc5424Message {
  pri: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  /** SD-ID → PARAM-NAME → unescaped PARAM-VALUE. */
  sd: Record<string, Record<string, string>>;
  msg: string | undefined;
}

const SD_NAME = /^[!#-<>-\\^-~]{1,32}$/;

export function parseRfc5424(text: string): Rfc5424Message {
  const head =
    /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(text) ??
    fail(`not an RFC 5424 header: ${text.slice(0, 80)}`);
  const [whole, pri, timestamp, hostname, appName, procId, msgId] = head as unknown as string[];
  const check = (value: string, max: number, what: string) => {
    if (value.length > max || !/^[!-~]+$/.test(value)) fail(`bad ${what}: ${value}`);
  };
  check(hostname!, 255, 'HOSTNAME');
  check(appName!, 48, 'APP-NAME');
  check(procId!, 128, 'PROCID');
  check(msgId!, 32, 'MSGID');
  if (Number(pri) > 191) fail(`PRI ${pri} beyond 191`);
  if (
    timestamp !== '-' &&
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/.test(timestamp!)
  ) {
    fail(`bad TIMESTAMP ${timestamp}`);
  }
  let i = whole!.length;
  const sd: Record<string, Record<string, string>> = {};
  if (text[i] === '-') i++;
  else {
    if (text[i] !== '[') fail(`no STRUCTURED-DATA at ${i}`);
    while (text[i] === '[') {
      const idEnd = indexOfAny(text, ' ]', i + 1);
      const id = text.slice(i + 1, idEnd);
      if (!SD_NAME.test(id)) fail(`bad SD-ID ${id}`);
      if (sd[id]) fail(`SD-ID ${id} repeated`);
      const params: Record<string, string> = {};
      i = idEnd;
      while (text[i] === ' ') {
        const eq = text.indexOf('="', i + 1);
        if (eq < 0) fail(`no PARAM-VALUE after ${i}`);
        const name = text.slice(i + 1, eq);
        if (!SD_NAME.test(name)) fail(`bad PARAM-NAME ${name}`);
        let value = '';
        let j = eq + 2;
        for (; j < text.length && text[j] !== '"'; j++) {
          if (text[j] === ']') fail(`unescaped ] in the value of ${name}`);
          if (text[j] === '\\' && '"\\]'.includes(text[j + 1] ?? '')) j++;
          value += text[j];
        }
        if (j >= text.length) fail(`unterminated value of ${name}`);
        if (name in params) fail(`PARAM-NAME ${name} repeated in ${id}`);
        params[name] = value;
        i = j + 1;
      }
      if (text[i] !== ']') fail(`SD-ELEMENT ${id} not closed at ${i}`);
      sd[id] = params;
      i++;
    }
  }
  if (i === text.length) return { ...header(), sd, msg: undefined };
  if (text[i] !== ' ') fail(`no space before MSG at ${i}`);
  return { ...header(), sd, msg: text.slice(i + 1) };

  function header() {
    return {
      pri: Number(pri),
      timestamp: timestamp!,
      hostname: hostname!,
      appName: appName!,
      procId: procId!,
      msgId: msgId!,
    };
  }
}

export interface Rfc3164Message {
  pri: number;
  timestamp: string;
  hostname: string;
  tag: string;
  msg: string;
}

/** `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: MSG` */
export function parseRfc3164(text: string): Rfc3164Message {
  const m =
    /^<(\d{1,3})>([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([A-Za-z0-9._-]{1,32}): (.*)$/s.exec(
      text,
    ) ?? fail(`not an RFC 3164 message: ${text.slice(0, 80)}`);
  return { pri: Number(m[1]), timestamp: m[2]!, hostname: m[3]!, tag: m[4]!, msg: m[5]! };
}

export interface CefMessage {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  classId: string;
  name: string;
  severity: string;
  extension: Record<string, string>;
}

/**
 * CEF: seven header fields split on unescaped `|` (only `\|` and `\\` escapes allowed), then
 * `key=value` pairs: a key is `[A-Za-z0-9_.]+` before an unescaped `=`; a value runs up to the
 * space before the next key; `\=`, `\\`, `\n`, `\r` are the only escapes.
 */
export function parseCef(text: string): CefMessage {
  if (!text.startsWith('CEF:')) fail(`not CEF: ${text.slice(0, 40)}`);
  const fields: string[] = [];
  let i = 4;
  let current = '';
  while (fields.length < 7) {
    const c = text[i];
    if (c === undefined) fail('CEF header ends early');
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '\\' && next !== '|') fail(`bad header escape \\${next}`);
      current += next;
      i += 2;
    } else if (c === '|') {
      fields.push(current);
      current = '';
      i++;
    } else {
      if (c === '\n' || c === '\r') fail('line break in the CEF header');
      current += c;
      i++;
    }
  }
  const extension: Record<string, string> = {};
  const rest = text.slice(i);
  // Unescaped `=` signs, each preceded by its key.
  const keys = [...rest.matchAll(/(?:^| )([A-Za-z0-9_.]+)=/g)].filter(
    (m) => !isEscaped(rest, m.index + m[0].length - 1),
  );
  if (rest !== '' && keys[0]?.index !== 0)
    fail(`CEF extension does not start with a key: ${rest.slice(0, 40)}`);
  keys.forEach((m, k) => {
    const start = m.index + m[0].length;
    const end = keys[k + 1]?.index ?? rest.length;
    const key = m[1]!;
    if (key in extension) fail(`CEF key ${key} repeated`);
    extension[key] = unescapeCefValue(rest.slice(start, end));
  });
  const [version, vendor, product, deviceVersion, classId, name, severity] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { version, vendor, product, deviceVersion, classId, name, severity, extension };
}

function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let j = at - 1; j >= 0 && text[j] === '\\'; j--) slashes++;
  return slashes % 2 === 1;
}

function unescapeCefValue(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => {
    if (c === 'n') return '\n';
    if (c === 'r') return '\r';
    if (c === '=' || c === '\\') return c;
    return fail(`bad CEF value escape \\${c}`);
  });
}

export interface LeefMessage {
  vendor: string;
  product: string;
  version: string;
  eventId: string;
  delimiter: string;
  attributes: Record<string, string>;
}

/** LEEF 2.0 with Aerie's value escapes (`\\`, `\t`, `\n`, `\r`) undone. */
export function parseLeef(text: string): LeefMessage {
  const m =
    /^LEEF:2\.0\|((?:[^|\\]|\\.)*)\|((?:[^|\\]|\\.)*)\|((?:[^|\\]|\\.)*)\|((?:[^|\\]|\\.)*)\|([^|]*)\|/.exec(
      text,
    ) ?? fail(`not LEEF 2.0: ${text.slice(0, 60)}`);
  const header = (s: string) => s.replace(/\\(.)/g, '$1');
  const delimiter = /^(0?x)[0-9A-Fa-f]{1,4}$/.test(m[5]!)
    ? String.fromCharCode(parseInt(m[5]!.replace(/^0?x/, ''), 16))
    : m[5]!;
  const attributes: Record<string, string> = {};
  for (const pair of text.slice(m[0].length).split(delimiter)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`LEEF attribute without a key: ${pair.slice(0, 40)}`);
    const key = pair.slice(0, eq);
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) fail(`bad LEEF key ${key}`);
    if (key in attributes) fail(`LEEF key ${key} repeated`);
    attributes[key] = unescapeLeefValue(pair.slice(eq + 1));
  }
  return {
    vendor: header(m[1]!),
    product: header(m[2]!),
    version: header(m[3]!),
    eventId: header(m[4]!),
    delimiter,
    attributes,
  };
}

export function unescapeLeefValue(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => {
    if (c === 't') return '\t';
    if (c === 'n') return '\n';
    if (c === 'r') return '\r';
    if (c === '\\') return '\\';
    return fail(`bad LEEF value escape \\${c}`);
  });
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return fail('unterminated SD-ELEMENT');
}

function fail(message: string): never {
  throw new Error(message);
}
