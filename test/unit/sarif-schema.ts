// Validation against the OASIS SARIF 2.1.0 schema (its final "rtm.5" revision, a draft-04 JSON schema) as
// Microsoft's SARIF SDK ships it in @microsoft/jest-sarif. github/codeql-action validates uploads against the
// same definitions, including the uri and uri-reference formats, hence ajv-formats.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

function compile() {
  const pkgDir = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
  const schema = JSON.parse(readFileSync(path.join(pkgDir, 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // strict off: the schema lists `required` properties under anyOf branches, which ajv's strict mode refuses;
  // unicodeRegExp off: one `pattern` in it is not valid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export const validateSarif = compile();

/** The schema's error list, empty when the log is valid; easier to read in a failed assertion than a boolean. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validateSarif(log)) return [];
  return (validateSarif.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
