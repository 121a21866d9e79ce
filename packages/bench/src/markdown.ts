/** Markers around the part of docs/benchmarks.md one benchmark owns and rewrites. */
export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

/**
 * Replaces the text between `name`'s markers (markers kept) and leaves everything else as it
 * was. A document without the markers gets the section appended at its end. Throws on a
 * document whose markers are broken (one missing, out of order, or twice), rather than guess.
 */
export function replaceSection(document: string, name: string, body: string): string {
  const { start, end } = sectionMarkers(name);
  const section = `${start}\n\n${body.trim()}\n\n${end}`;
  const starts = occurrences(document, start);
  const ends = occurrences(document, end);
  if (starts.length === 0 && ends.length === 0) {
    const trimmed = document.trimEnd();
    return `${trimmed}${trimmed ? '\n\n' : ''}${section}\n`;
  }
  const [from] = starts;
  const [to] = ends;
  if (starts.length !== 1 || ends.length !== 1 || from === undefined || to === undefined || to < from) {
    throw new Error(`the ${start} / ${end} markers are broken: fix the document by hand first`);
  }
  return document.slice(0, from) + section + document.slice(to + end.length);
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    found.push(at);
  }
  return found;
}

/** A GitHub-flavoured Markdown table; `align` per column, 'r' for numbers. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string,
): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  const rule = headers.map((_, index) => (align?.[index] === 'r' ? '---:' : '---'));
  return [headers, rule, ...rows].map((cells) => `| ${cells.map(escape).join(' | ')} |`).join('\n');
}
