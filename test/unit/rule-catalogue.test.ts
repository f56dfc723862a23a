// The rule catalogue (RULES in src/analysis/rules.ts) against what must come with each rule: a page
// docs/rules/<id>.md that names the rule and restates its title, category and default severity; at least one
// fixture line under test/fixtures/rules/ marked `// @expect <id>`; and a row in the rule tables of README.md
// and docs/analysis.md. In the other direction, no page in docs/rules/ and no fixture marker may name a rule
// the catalogue does not have. docs/adding-a-rule.md is the recipe these checks follow.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORIES } from '../../src/analysis/findings';
import { RULES } from '../../src/analysis/rules';
import { FIXTURES, readExpectations } from './fixture-expectations';

const ROOT = path.resolve(__dirname, '../../..');
const RULE_DOCS = path.join(ROOT, 'docs', 'rules');
const RULE_FIXTURES = path.join(FIXTURES, 'rules');
/** Every marker the fixture tests read (analysis-rules.test.ts): plain, type-aware only, one-time, unknown reach, custom entry. */
const ALL_TAGS = ['expect', 'expect-types', 'expect-once', 'expect-unknown', 'expect-custom'];

const ids = RULES.map((r) => r.id);
const known = new Set<string>(ids);
const pages = fs.readdirSync(RULE_DOCS).filter((f) => f.endsWith('.md'));
/** Fixture lines with a plain `@expect`: found on a hot path, with and without the type checker. */
const plainExpectations = readExpectations(RULE_FIXTURES, ['expect']);

/** The page's text up to the first `## ` heading: the `# id` heading, the one-line title and the table. */
function head(id: string): string[] {
  const text = fs.readFileSync(path.join(RULE_DOCS, `${id}.md`), 'utf8');
  const end = text.indexOf('\n## ');
  return (end === -1 ? text : text.slice(0, end)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

describe('rule catalogue', () => {
  it('is not empty, names each rule once, and uses only known categories', () => {
    assert.ok(RULES.length > 0, 'RULES is empty: nothing below would be checked');
    assert.equal(known.size, ids.length, `a rule id appears twice in RULES: ${ids.join(', ')}`);
    for (const r of RULES) assert.ok((CATEGORIES as readonly string[]).includes(r.category), `${r.id}: unknown category ${r.category}`);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it(`has a page docs/rules/${rule.id}.md whose title names the rule`, () => {
        const file = path.join(RULE_DOCS, `${rule.id}.md`);
        assert.ok(fs.existsSync(file), `docs/rules/${rule.id}.md is missing (see docs/adding-a-rule.md)`);
        const [heading, title, ...table] = head(rule.id);
        assert.equal(heading, `# ${rule.id}`, `docs/rules/${rule.id}.md must start with the heading "# ${rule.id}"`);
        // The line under the heading is the catalogue's title as a sentence; code spans may mark names in it.
        assert.equal((title ?? '').replace(/`/g, ''), `${rule.title}.`, `docs/rules/${rule.id}.md: the line under the heading must be the catalogue's title`);
        const row = table.find((l) => l.startsWith('|') && l.includes(`\`${rule.category}\``));
        assert.ok(row, `docs/rules/${rule.id}.md: no "| \`${rule.category}\` | ${rule.defaultSeverity} |" row under the title`);
        assert.equal(row.split('|')[2].replace(/\*/g, '').trim(), rule.defaultSeverity, `docs/rules/${rule.id}.md: default severity`);
      });

      it(`has a fixture under test/fixtures/rules/ marked "// @expect ${rule.id}"`, () => {
        const lines = plainExpectations.filter((e) => e.rule === rule.id);
        assert.ok(lines.length > 0, `no fixture line in test/fixtures/rules/ ends with "// @expect ${rule.id}" (see docs/adding-a-rule.md)`);
      });

      it('is listed in the rule tables of README.md and docs/analysis.md', () => {
        const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
        const analysis = fs.readFileSync(path.join(ROOT, 'docs', 'analysis.md'), 'utf8');
        assert.ok(readme.includes(`(docs/rules/${rule.id}.md)`), `README.md does not link docs/rules/${rule.id}.md`);
        assert.ok(analysis.includes(`(rules/${rule.id}.md)`), `docs/analysis.md's rule table does not link rules/${rule.id}.md`);
      });
    });
  }

  it('has no page in docs/rules/ for a rule it does not have', () => {
    const unknown = pages.map((f) => path.basename(f, '.md')).filter((id) => !known.has(id));
    assert.deepEqual(unknown, [], 'pages in docs/rules/ for rules missing from RULES in src/analysis/rules.ts');
  });

  it('has no fixture marker naming a rule it does not have', () => {
    const unknown = readExpectations(RULE_FIXTURES, ALL_TAGS).filter((e) => !known.has(e.rule)).map((e) => `${e.file}:${e.line} ${e.rule}`);
    assert.deepEqual(unknown, [], 'fixture markers in test/fixtures/rules/ for rules missing from RULES');
  });
});
