// The public surface of the static analysis core. No `vscode` import anywhere below this folder.
export * from './findings';
export * from './rules';
export * from './options';
export { Analyzer, analyzePaths, analyzePathsAsync } from './analyzer';
export { BLOCKING_APIS, type BlockingApi } from './blocking-apis';
export { analyzeRegex, type RegexRisk } from './regex-safety';
