// The rule page "Show why" opens (src/report/rule-page.ts): the shipped page with the finding and its chain on top,
// links to the user's code that VS Code's markdown preview opens at line and column, and links between the shipped
// docs that all resolve inside the package, anchors included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/analysis/rules';
import {
  buildDocPage,
  decodePageFinding,
  encodePageFinding,
  findingSection,
  isPackagedDoc,
  resolveDocPath,
  rulePagePath,
  sourceLink,
  type RulePageFinding,
} from '../../src/report/rule-page';

const ROOT = path.resolve(__dirname, '../../..');
const DOCS = path.join(ROOT, 'docs');
const read = (docPath: string): string => fs.readFileSync(path.join(DOCS, docPath), 'utf8');
/** What package.json's `files` ships of docs/: its top-level pages and the rule pages. */
const PACKAGED = [...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')), ...RULES.map((r) => rulePagePath(r.id))];

const FINDING: RulePageFinding = {
  rule: 'no-sync-io-in-hot-path',
  file: 'src/lib/render.ts',
  line: 8,
  column: 10,
  severity: 'warning',
  message: 'readFileSync blocks the event loop on a request path; use await fs.promises.readFile() instead',
  chain: [
    { file: 'src/server.ts', line: 58, column: 16, symbol: 'GET /files/:name', link: 'call' },
    { file: 'src/routes/files.ts', line: 27, column: 20, symbol: 'showPage', link: 'call' },
    { file: 'src/lib/render.ts', line: 8, column: 10, symbol: 'readTemplate' },
  ],
};

/** Heading anchors as VS Code's markdown preview makes them (its githubSlugifier, numbered when repeated). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*_]/g, '');
    const words = text.trim().toLowerCase().replace(/\s+/g, '-');
    let slug = encodeURI(words.replace(/[\][!/'"#$%&()*+,./:;<=>?@\\^{|}~`]/g, '').replace(/^-+/, '').replace(/-+$/, ''));
    const n = seen.get(slug);
    seen.set(slug, (n ?? -1) + 1);
    if (n !== undefined) slug = `${slug}-${n + 1}`;
    out.add(slug);
  }
  return out;
}

/** Inline links outside code: [text](target). */
function links(markdown: string): string[] {
  let fenced = false;
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const part of line.split(/`+[^`]*`+/)) for (const m of part.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) out.push(m[1]);
  }
  return out;
}

describe('rule pages', () => {
  it('puts the finding and its chain under the rule page title, each link of the chain at its call', () => {
    const page = buildDocPage(rulePagePath(FINDING.rule), read(rulePagePath(FINDING.rule)), FINDING);
    assert.ok(page.startsWith('# no-sync-io-in-hot-path\n\n## This finding\n\n'), page.slice(0, 200));
    assert.equal(
      findingSection(FINDING),
      [
        '## This finding',
        '',
        '**warning** at [src/lib/render.ts:8:10](/src/lib/render.ts#L8,10): ' +
          'readFileSync blocks the event loop on a request path; use await fs.promises.readFile() instead',
        '',
        'How a hot path reaches it, from its entry:',
        '',
        '1. `GET /files/:name` ([src/server.ts:58:16](/src/server.ts#L58,16)) calls `showPage`',
        '2. `showPage` ([src/routes/files.ts:27:20](/src/routes/files.ts#L27,20)) calls `readTemplate`',
        '',
        '---',
        '',
      ].join('\n'),
    );
    // The rest of the page is the shipped page.
    assert.ok(page.endsWith(read(rulePagePath(FINDING.rule)).split('\n').slice(1).join('\n')));
  });

  it('names the entry once when it holds the flagged code, without repeating the finding as a chain', () => {
    const section = findingSection({ ...FINDING, chain: [{ file: 'src/lib/render.ts', line: 8, column: 10, symbol: 'GET /files: listFiles' }] });
    assert.ok(section.includes('It is in `GET /files: listFiles`, the entry itself.'), section);
    assert.ok(!section.includes('How a hot path'), section);
    assert.equal((section.match(/render\.ts:8:10/g) ?? []).length, 1, 'the flagged place appears once');
    const unknown = findingSection({ ...FINDING, reach: 'unknown', chain: [{ file: 'a.ts', line: 1, column: 1, symbol: 'load' }] });
    assert.ok(unknown.includes('It is in `load`, which no known entry reaches.'), unknown);
  });

  it('shows another rule\'s page, and pages other than rule pages, without the finding', () => {
    for (const docPath of ['rules/no-busy-wait.md', 'analysis.md']) {
      const page = buildDocPage(docPath, read(docPath), FINDING);
      assert.ok(!page.includes('## This finding'), docPath);
      assert.equal(page, buildDocPage(docPath, read(docPath)), docPath);
    }
  });

  it('links to the user\'s code as paths from the workspace folder, with line and column, escaped', () => {
    assert.equal(sourceLink('src/my routes/[id].ts', 3, 7), '[src/my routes/\\[id\\].ts:3:7](/src/my%20routes/%5Bid%5D.ts#L3,7)');
    assert.equal(sourceLink('a.ts', 3), '[a.ts:3](/a.ts#L3)');
    const odd = findingSection({
      ...FINDING,
      message: 'a *b* <c> `d` [e]',
      chain: [{ file: 'x.ts', line: 1, column: 2, symbol: 'has `tick`', link: 'callback' }, { file: 'y.ts', line: 2, column: 3, symbol: 'y' }],
    });
    assert.ok(odd.includes(': a \\*b\\* \\<c\\> \\`d\\` \\[e\\]'), odd);
    assert.ok(odd.includes('1. `` has `tick` `` ([x.ts:1:2](/x.ts#L1,2)) passes `y`'), odd);
  });

  it('every link between the shipped docs resolves inside the package, anchor included', () => {
    const problems: string[] = [];
    const anchorsOf = new Map(PACKAGED.map((p) => [p, anchors(buildDocPage(p, read(p), p === rulePagePath(FINDING.rule) ? FINDING : undefined))]));
    for (const docPath of PACKAGED) {
      for (const target of links(buildDocPage(docPath, read(docPath)))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [file, anchor] = target.split('#');
        const resolved = file === '' ? docPath : resolveDocPath(docPath, file);
        if (!isPackagedDoc(resolved)) problems.push(`${docPath}: ${target} leaves the package`);
        else if (anchor && !anchorsOf.get(resolved)?.has(anchor)) problems.push(`${docPath}: ${target} has no such heading in ${resolved}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('drops the target of a link to a page the package does not ship, outside code only', () => {
    const md = [
      '# no-busy-wait',
      'See [the README](../../README.md), [analysis](../analysis.md#rules), [a rule](no-redos-regex.md), [home](https://example.com) and [here](#x).',
      'Inline `[kept](../../README.md)` code.',
      '```md',
      '[kept too](../../README.md)',
      '```',
      '![a picture](../screenshots/x.png)',
    ].join('\n');
    assert.equal(
      buildDocPage('rules/no-busy-wait.md', md),
      [
        '# no-busy-wait',
        'See the README, [analysis](../analysis.md#rules), [a rule](no-redos-regex.md), [home](https://example.com) and [here](#x).',
        'Inline `[kept](../../README.md)` code.',
        '```md',
        '[kept too](../../README.md)',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('knows which docs the package ships, as package.json lists them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    assert.ok(pkg.files.includes('docs/rules/*.md') && pkg.files.includes('docs/*.md'), pkg.files.join(' '));
    for (const p of PACKAGED) assert.ok(isPackagedDoc(p) && fs.existsSync(path.join(DOCS, p)), p);
    for (const p of ['README.md', 'rules/no-such-rule.md', 'ci/README.md', '../analysis.md', 'rules/../analysis.md']) assert.equal(isPackagedDoc(p), false, p);
    assert.equal(resolveDocPath('rules/x.md', '../analysis.md'), 'analysis.md');
    assert.equal(resolveDocPath('rules/x.md', './no-busy-wait.md'), 'rules/no-busy-wait.md');
    assert.equal(resolveDocPath('rules/x.md', '../../README.md'), '../README.md');
  });

  it('carries the finding in the page address and back; anything else there is ignored', () => {
    const encoded = encodePageFinding({ ...FINDING, ...{ fingerprint: 'dropped' } } as RulePageFinding);
    assert.match(encoded, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodePageFinding(encoded), FINDING);
    for (const junk of ['', 'not base64 at all!', Buffer.from('{"rule":1}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
      assert.equal(decodePageFinding(junk), undefined, junk);
    }
  });
});
