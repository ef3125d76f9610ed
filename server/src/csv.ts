/**
 * Splits one CSV line (RFC 4180 quoting: a field in double quotes may hold commas and `""`).
 * Quoted newlines are not supported: our inputs (sample files, uploads) are one record per line,
 * and a reader that needs them should move to a full CSV parser.
 */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
