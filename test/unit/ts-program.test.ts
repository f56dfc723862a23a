// The program the type checker answers from (src/analysis/ts-program.ts): rebuilt after edits from the same compiler
// host, so what the host remembers within one build must not outlive it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { TsProgram } from '../../src/analysis/ts-program';

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: true,
};

/** The type the checker gives `value` in the analysed file. */
function typeOfValue(program: ts.Program, file: string): string {
  const sf = program.getSourceFile(file);
  assert.ok(sf, 'the analysed file is in the program');
  const decl = sf.statements.filter(ts.isVariableStatement).flatMap((s) => s.declarationList.declarations).find((d) => d.name.getText(sf) === 'value');
  assert.ok(decl);
  const checker = program.getTypeChecker();
  return checker.typeToString(checker.getTypeAtLocation(decl.name));
}

test('a package installed after one build is resolved by the next build after an edit: folders looked up are not remembered across builds', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cl-ts-program-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'src', 'app.ts');
  mkdirSync(path.dirname(file));
  const text = "import { make } from 'later';\nexport const value = make();\n";
  writeFileSync(file, text);
  const programs = new TsProgram(OPTIONS);
  programs.add(file, text, ts.ScriptKind.TS);

  // Not installed yet: the import resolves to nothing, so the value has no known type.
  assert.equal(typeOfValue(programs.program(), file), 'any');

  mkdirSync(path.join(dir, 'node_modules', 'later'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'later', 'index.d.ts'), 'export declare function make(): { made: number };\n');
  // The edit makes TypeScript resolve the file's imports again (an unchanged file keeps its old resolutions).
  programs.add(file, `${text}// edited\n`, ts.ScriptKind.TS);
  assert.equal(typeOfValue(programs.program(), file), '{ made: number; }');
});
