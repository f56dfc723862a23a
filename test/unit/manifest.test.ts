// The extension manifest against the code: every command the extension registers is contributed with a
// category and an icon, the ones that run workspace code are hidden and disabled in Restricted Mode,
// every setting the code reads is declared, and every webview panel can be restored after a reload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EDITOR_PANEL_KINDS, FLAMEGRAPH_VIEW_TYPE, VIEW_TYPES } from '../../src/extension/panels/view-types';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** Every source file of the extension, src/extension/panels/ included. */
const sources = (fs.readdirSync(path.join(ROOT, 'src/extension'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(ROOT, 'src/extension', f), 'utf8'))
  .join('\n');

/** Commands that run code from the workspace: profiling runs the user's program. */
const RUNS_WORKSPACE_CODE = ['concurrencyLens.profileWorkload'];

describe('extension manifest', () => {
  const contributed = new Map<string, { title: string; category?: string; icon?: string; enablement?: string }>(
    pkg.contributes.commands.map((c: { command: string }) => [c.command, c]),
  );

  it('contributes every registered command, each with a category and an icon', () => {
    const registered = [...sources.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual([...contributed.keys()].sort(), registered);
    for (const [id, c] of contributed) {
      assert.equal(c.category, 'Concurrency Lens', id);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, id);
    }
  });

  it('hides and disables the commands that run workspace code in Restricted Mode', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description.length > 20);
    const palette = new Map<string, string>(pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const id of RUNS_WORKSPACE_CODE) {
      assert.equal(palette.get(id), 'isWorkspaceTrusted', id);
      assert.equal(contributed.get(id)?.enablement, 'isWorkspaceTrusted', id);
    }
    // A workspace must not be able to smuggle commands to run into its own settings while untrusted.
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('concurrencyLens.profile.commands'));
  });

  it('opens the flamegraph command only when the last report has a flamegraph', () => {
    const palette = new Map<string, string>(pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    assert.equal(contributed.get('concurrencyLens.openFlamegraph')?.enablement, 'concurrencyLens.hasFlamegraph');
    assert.equal(palette.get('concurrencyLens.openFlamegraph'), 'concurrencyLens.hasFlamegraph');
    assert.match(sources, /setContext', 'concurrencyLens\.hasFlamegraph'/);
  });

  it('activates for every panel VS Code restores after a reload, and for no other webview', () => {
    const events = (pkg.activationEvents as string[]).filter((e) => e.startsWith('onWebviewPanel:')).sort();
    assert.deepEqual(events, EDITOR_PANEL_KINDS.map((k) => `onWebviewPanel:${VIEW_TYPES[k]}`).sort());
    // The serializers are registered per kind from VIEW_TYPES; the flamegraph panel has none (0x's page
    // cannot be rebuilt from a saved state), so no event for it either.
    assert.match(sources, /registerWebviewPanelSerializer\(VIEW_TYPES\[kind\]/);
    assert.ok(!events.includes(`onWebviewPanel:${FLAMEGRAPH_VIEW_TYPE}`));
    assert.equal(new Set(Object.values(VIEW_TYPES)).size, EDITOR_PANEL_KINDS.length, 'one view type per panel');
  });

  it('has a walkthrough whose steps link to real commands and existing pages', () => {
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 4);
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(ROOT, step.media.markdown)), step.media.markdown);
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m: RegExpMatchArray) => m[1]);
      assert.equal(linked.length, 1, step.id);
      assert.ok(contributed.has(linked[0]), linked[0]);
      assert.equal(step.completionEvents[0], `onCommand:${linked[0]}`, step.id);
    }
    // The start-up scan does not run the command, so the first step is also done once any scan has published.
    const analyse = walkthrough.steps.find((s: { id: string }) => s.id === 'analyse');
    assert.deepEqual(analyse.completionEvents, ['onCommand:concurrencyLens.analyzeWorkspace', 'onContext:concurrencyLens.analysed']);
    assert.match(sources, /export const ANALYSED_CONTEXT = 'concurrencyLens\.analysed'/);
    assert.match(sources, /executeCommand\('setContext', ANALYSED_CONTEXT, true\)/);
    for (const step of walkthrough.steps.filter((s: { id: string }) => s.id !== 'analyse')) assert.equal(step.completionEvents.length, 1, step.id);
    // The Welcome page cuts longer titles (seen in VS Code 1.100 at its default width): the walkthrough's in its
    // list, each step's in the list of steps, and the description after three lines.
    assert.ok(walkthrough.title.length <= 24, walkthrough.title);
    for (const step of walkthrough.steps) assert.ok(step.title.length <= 32, step.title);
    assert.ok(walkthrough.description.length <= 70, walkthrough.description);
    // The profiling step only shows where profiling is allowed.
    assert.equal(walkthrough.steps.find((s: { id: string }) => s.id === 'profile').when, 'isWorkspaceTrusted');
  });

  it('declares every setting the code reads', () => {
    const declared = new Set(Object.keys(pkg.contributes.configuration.properties));
    const read: string[] = [];
    // getConfiguration('section') ... .get<T>('key', ...) in the same expression or via a variable.
    for (const m of sources.matchAll(/getConfiguration\('([^']+)'\)[\s\S]{0,200}?\.get<[^>]+>\('([^']+)'/g)) read.push(`${m[1]}.${m[2]}`);
    for (const m of sources.matchAll(/config\.get<[^>]+>\('([^']+)'/g)) read.push(`concurrencyLens.profile.${m[1]}`);
    for (const m of sources.matchAll(/(?:settings\(\)|analysisConfig)\.get(?:<[^>]+>)?\('([^']+)'/g)) read.push(`concurrencyLens.${m[1]}`);
    assert.ok(read.length >= 12, read.join(', '));
    for (const key of read) assert.ok(declared.has(key), `${key} is read but not declared`);
  });
});
