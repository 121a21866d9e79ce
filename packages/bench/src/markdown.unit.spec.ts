import { describe, expect, it } from '@jest/globals';
import { replaceSection, table } from './markdown.ts';

const START = '<!-- bench:backbone:start -->';
const END = '<!-- bench:backbone:end -->';

describe('replaceSection', () => {
  it('replaces only the text between its own markers', () => {
    const document = [
      '# Benchmarks',
      '',
      'Intro.',
      '',
      START,
      'old figures',
      END,
      '',
      '<!-- bench:saga:start -->',
      'saga figures',
      '<!-- bench:saga:end -->',
      '',
    ].join('\n');
    const updated = replaceSection(document, 'backbone', '## Backbone\n\nnew figures\n');
    expect(updated).toBe(
      document.replace(`${START}\nold figures\n${END}`, `${START}\n\n## Backbone\n\nnew figures\n\n${END}`),
    );
    expect(replaceSection(updated, 'backbone', '## Backbone\n\nnew figures')).toBe(updated);
  });

  it('appends the section to a document without markers', () => {
    expect(replaceSection('# Benchmarks\n', 'backbone', 'body')).toBe(
      `# Benchmarks\n\n${START}\n\nbody\n\n${END}\n`,
    );
  });

  it('refuses broken markers instead of guessing', () => {
    expect(() => replaceSection(`${START}\nno end`, 'backbone', 'body')).toThrow(/markers are broken/);
    expect(() => replaceSection(`${END}\n${START}`, 'backbone', 'body')).toThrow(/markers are broken/);
    expect(() => replaceSection(`${START}${END}${START}${END}`, 'backbone', 'body')).toThrow(
      /markers are broken/,
    );
  });
});

describe('table', () => {
  it('renders a Markdown table, right-aligning the columns marked r and escaping pipes', () => {
    expect(table(['Name', 'n'], [['a|b', '1']], 'lr')).toBe('| Name | n |\n| --- | ---: |\n| a\\|b | 1 |');
  });
});
