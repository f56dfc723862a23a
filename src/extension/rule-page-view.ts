// "Show why" and a diagnostic's rule-code link: the rule's page rendered by VS Code's markdown preview, with the
// finding and its chain at the top. The shipped docs are served read-only under their paths below docs/ by a file
// system of our own, so the preview follows their links to each other (../analysis.md#...) inside the package, and
// the page address carries the finding, so a preview restored after a reload shows it again. What the page says is
// built in src/report/rule-page.ts.
import * as vscode from 'vscode';
import { RULES, isRuleId } from '../analysis/rules';
import { buildDocPage, decodePageFinding, encodePageFinding, isPackagedDoc, rulePagePath, type RulePageFinding } from '../report/rule-page';
import { isFindingRef, publishedFinding } from './diagnostics';

export const DOCS_SCHEME = 'concurrency-lens-docs';

/** The address of a page: `concurrency-lens-docs:/rules/no-busy-wait.md?finding=…`. */
export function docPageUri(docPath: string, finding?: RulePageFinding): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${docPath}`, query: finding ? `finding=${encodePageFinding(finding)}` : '' });
}

/** The docs file system and the command that shows a rule's page. */
export function registerRulePages(extensionUri: vscode.Uri): vscode.Disposable {
  const docs = new PackagedDocs(vscode.Uri.joinPath(extensionUri, 'docs'));
  return vscode.Disposable.from(
    vscode.workspace.registerFileSystemProvider(DOCS_SCHEME, docs, { isReadonly: true, isCaseSensitive: true }),
    vscode.commands.registerCommand('concurrencyLens.showRule', (arg?: unknown) => showRule(arg)),
  );
}

/** With a FindingRef (from "Show why" or a code link), that finding's page; without, the rule the user picks. */
async function showRule(arg: unknown): Promise<void> {
  let rule: string | undefined;
  let finding: RulePageFinding | undefined;
  if (isFindingRef(arg)) {
    rule = arg.rule;
    finding = arg.file !== undefined ? publishedFinding(arg) : undefined;
  } else {
    const pick = await vscode.window.showQuickPick(
      RULES.map((r) => ({ label: r.id, description: r.category, detail: r.title })),
      { title: 'Concurrency Lens: rule pages', placeHolder: 'Which rule?', matchOnDescription: true, matchOnDetail: true },
    );
    rule = pick?.label;
  }
  if (rule === undefined) return;
  if (!isRuleId(rule)) {
    void vscode.window.showWarningMessage(`Concurrency Lens has no rule named ${rule}.`);
    return;
  }
  const uri = docPageUri(rulePagePath(rule), finding);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // Without VS Code's markdown extension (disabled), the page as text, read-only.
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

/** docs/analysis.md and docs/rules/*.md of the installed extension, read-only, each page built for its address. */
class PackagedDocs implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly sources = new Map<string, Promise<string>>();

  constructor(private readonly root: vscode.Uri) {}

  watch(): vscode.Disposable {
    // The pages do not change while the extension runs.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const docPath = uri.path.replace(/^\/+/, '');
    const readonly = { ctime: 0, mtime: 0, permissions: vscode.FilePermission.Readonly };
    if (docPath === '' || docPath === 'rules') return { type: vscode.FileType.Directory, size: 0, ...readonly };
    const page = await this.readFile(uri);
    return { type: vscode.FileType.File, size: page.byteLength, ...readonly };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const docPath = uri.path.replace(/^\/+/, '');
    if (docPath === '') return [['analysis.md', vscode.FileType.File], ['rules', vscode.FileType.Directory]];
    if (docPath === 'rules') return RULES.map((r) => [`${r.id}.md`, vscode.FileType.File]);
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const docPath = uri.path.replace(/^\/+/, '');
    if (!isPackagedDoc(docPath)) throw vscode.FileSystemError.FileNotFound(uri);
    const source = await this.source(docPath, uri);
    const finding = new URLSearchParams(uri.query).get('finding');
    return new TextEncoder().encode(buildDocPage(docPath, source, finding ? decodePageFinding(finding) : undefined));
  }

  private source(docPath: string, uri: vscode.Uri): Promise<string> {
    let text = this.sources.get(docPath);
    if (!text) {
      text = Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.root, ...docPath.split('/')))).then(
        (bytes) => new TextDecoder().decode(bytes),
        () => {
          this.sources.delete(docPath);
          throw vscode.FileSystemError.FileNotFound(uri);
        },
      );
      this.sources.set(docPath, text);
    }
    return text;
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}
