import { lazyRequire } from './lazy-require.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

/**
 * YAML text as plain data. A syntax error, or a tag that names code or a type (`!!js/function`,
 * `!!python/object`), throws one line saying where: such a value is not data, and the parser would
 * otherwise print a multi-line warning and read it as text.
 */
export function parseYamlData(text: string): unknown {
  const doc = yaml().parseDocument(text, { logLevel: 'silent' });
  const [problem] = [...doc.errors, ...doc.warnings];
  if (problem) {
    const at = problem.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}: ` : '';
    const what =
      problem.code === 'TAG_RESOLVE_FAILED'
        ? `the tag ${tagOf(text, problem.pos[0])} is not plain data; write the value without it`
        : problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new Error(`${where}${what}`);
  }
  return doc.toJS();
}

/** The tag starting at `pos` in the text, for the message. */
function tagOf(text: string, pos: number): string {
  return text.slice(pos).match(/^!\S*/)?.[0] ?? 'there';
}
