/**
 * Just enough of Bicep's syntax to read deploy/infra/main.bicep in tests
 * (the Bicep compiler is not on these machines): balanced blocks, resources,
 * variables, and the top-level keys of object literals. It understands
 * single-quoted strings with \' escapes and // comments, and the file's own
 * layout: one property per line.
 */

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/** Calls visit(char, index, depth) for every character outside strings and comments. */
function scan(text: string, from: number, visit: (c: string, i: number, depth: number) => boolean | void): void {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      for (i++; i < text.length && text[i] !== "'"; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      if (visit('\n', i, depth)) return;
      continue;
    }
    if (OPEN.has(c)) depth++;
    if (CLOSE.has(c)) depth--;
    if (visit(c, i, depth)) return;
  }
}

/** The balanced text that starts at the first bracket at or after `from`, brackets included. */
export function balanced(text: string, from: number): string {
  const start = text.slice(from).search(/[{[(]/) + from;
  let end = -1;
  scan(text, start, (c, i, depth) => {
    if (CLOSE.has(c) && depth === 0) {
      end = i;
      return true;
    }
  });
  if (end < 0) throw new Error(`Unbalanced brackets from offset ${start}`);
  return text.slice(start, end + 1);
}

/** A resource's declaration: its type (with API version) and body (for a loop, the body of each item). */
export function resource(text: string, symbol: string): { type: string; body: string } {
  const match = new RegExp(`^resource ${symbol} '([^']+)' = `, 'm').exec(text);
  if (!match) throw new Error(`No resource ${symbol} in the Bicep`);
  const rest = text.slice(match.index + match[0].length);
  const body = balanced(rest, rest.indexOf('{'));
  return { type: match[1], body };
}

/** A variable's expression: from after `=` to the end of the line where every bracket is closed again. */
export function variable(text: string, name: string): string {
  const match = new RegExp(`^var ${name} = `, 'm').exec(text);
  if (!match) throw new Error(`No var ${name} in the Bicep`);
  const from = match.index + match[0].length;
  let end = text.length;
  scan(text, from, (c, i, depth) => {
    // A line ending at depth 0 ends the expression, unless a ternary goes on (? or : first on the next line).
    if (c === '\n' && depth === 0 && !/^\s*[?:]/.test(text.slice(i + 1))) {
      end = i;
      return true;
    }
  });
  return text.slice(from, end).trim();
}

/** Each object literal at the top of an expression (`{...}`, or both arms of `cond ? {...} : {...}`). */
export function objectLiterals(expression: string): string[] {
  const objects: string[] = [];
  scan(expression, 0, (c, i, depth) => {
    if (c === '{' && depth === 1) objects.push(balanced(expression, i));
  });
  return objects;
}

/** A line without its // comment (a // inside a string, as in a URL, stays). */
function withoutComment(line: string): string {
  let cut = line.length;
  for (let i = 0, inString = false; i < line.length; i++) {
    if (line[i] === "'") inString = !inString;
    else if (inString && line[i] === '\\') i++;
    else if (!inString && line[i] === '/' && line[i + 1] === '/') {
      cut = i;
      break;
    }
  }
  return line.slice(0, cut);
}

/** How much a line opens (positive) or closes (negative) brackets. */
function depthChange(line: string): number {
  let change = 0;
  scan(line, 0, (c) => {
    if (OPEN.has(c)) change++;
    if (CLOSE.has(c)) change--;
  });
  return change;
}

/** An object literal's own properties, each key with its value's text as written on the key's line. */
export function properties(objectLiteral: string): Map<string, string> {
  const found = new Map<string, string>();
  let depth = 0;
  for (const raw of objectLiteral.slice(1, -1).split('\n')) {
    const line = withoutComment(raw);
    const key = depth === 0 ? /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/.exec(line) : null;
    if (key) found.set(key[1], key[2].trim());
    depth += depthChange(line);
  }
  return found;
}

/** The object literal a key of an object literal holds, such as `properties: {...}`. */
export function nested(objectLiteral: string, key: string): string {
  let depth = 0;
  let offset = 1;
  for (const raw of objectLiteral.slice(1, -1).split('\n')) {
    const line = withoutComment(raw);
    if (depth === 0 && new RegExp(`^\\s*${key}\\s*:\\s*\\{`).test(line))
      return balanced(objectLiteral, offset + line.indexOf('{'));
    depth += depthChange(line);
    offset += raw.length + 1;
  }
  throw new Error(`No object ${key}: {...} at the top of this object`);
}

/** A parameter's default value as written (undefined when it has none). */
export function parameterDefault(text: string, name: string): string | undefined {
  const match = new RegExp(`^param ${name} \\w+(?: = (.*))?$`, 'm').exec(text);
  if (!match) throw new Error(`No param ${name} in the Bicep`);
  return match[1]?.trim();
}

/** Every parameter the template declares. */
export function parameterNames(text: string): string[] {
  return [...text.matchAll(/^param (\w+) /gm)].map((m) => m[1]);
}

/** A single-quoted literal with no interpolation, unquoted; undefined for any other expression. */
export function literal(value: string): string | undefined {
  const match = /^'((?:[^'\\$]|\\.)*)'$/.exec(value);
  return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}
