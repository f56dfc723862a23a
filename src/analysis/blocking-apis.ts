// The catalogue of Node APIs that block the calling thread. Data only: the detector looks calls up here
// after resolving what the callee refers to, so a user's own `runSync()` never matches.
import type { RuleId } from './rules';

export type BlockCondition =
  /** Blocks whenever it is called. */
  | 'always'
  /** Blocks only when no callback function is passed (the callback form runs on the libuv pool). */
  | 'no-callback'
  /** Node crypto with a size: blocks only when no callback is passed and the size is not a small constant. */
  | 'no-callback-large'
  /** shelljs `exec(cmd)`: synchronous unless given a callback or `{ async: true }`. */
  | 'shell-sync'
  /** jsonwebtoken `sign`/`verify` without a callback, with an asymmetric algorithm (RS*, ES*, PS*) named in the options. */
  | 'asymmetric-jwt'
  /** A library that computes over its input (its first argument, or BlockingApi.inputArgs): unless the input is written in the code. */
  | 'non-literal-input'
  /** JSZip's generate*: only when its options ask for `compression: 'DEFLATE'` (the default, STORE, only copies). */
  | 'deflate-option';

/**
 * How much one call costs. `bulk` reads, writes, lists, runs or computes in proportion to its input: a warning on
 * a hot path. `metadata` is one small system call (exists, stat, mkdir, unlink): microseconds on a local disk, so
 * on a hot path it is a note (info), not a warning. `key-operation` is one RSA or EC signature, verification or
 * encryption of a small payload: about 0.3 ms with a 2048-bit RSA key and 4 ms at 4096 bits, a hundredth of a key
 * derivation (scrypt, PBKDF2, bcrypt: 35-100 ms), so a note too (`node bench/crypto-cost.mjs`; figures in BENCHMARKS.md).
 * `input` is pure JavaScript that parses, converts, tokenises or compresses its input: microseconds for a line,
 * seconds for a 30 MB upload; the code rarely shows which (the rule that uses it is a note). `document` is such a
 * library whose input is a whole document or image by nature (building a DOM, decoding or encoding pixels), so that an
 * ordinary input already costs tens to hundreds of milliseconds: a warning (DOCUMENT_COSTS below). `sliced` is work
 * done on the event loop in slices between which it yields (bcryptjs's promise API): the same CPU, other callbacks run
 * between the slices, so a note. `rebuild` builds, on each call, something that depends only on the program's own
 * configuration and could be built once (an editor schema from its extensions): milliseconds every time, a note
 * whose mend is to keep the result. `model` runs a machine-learning model in the process (MODEL_LIBRARIES): every call
 * is a whole forward pass, whose cost is set by the model more than by the input; a note, since the model's size is
 * not in the code and nothing here measured one (no model can be downloaded on this project's machines). `row` is one
 * row read or one write of an embedded database (SQLite): microseconds on an index, a note. `rows` reads every row the
 * query matches: a warning, unless the query shows a limit or a filter (call-shapes.ts queryShows), then a note.
 */
export type BlockCost = 'bulk' | 'metadata' | 'key-operation' | 'input' | 'document' | 'sliced' | 'rebuild' | 'model' | 'row' | 'rows';

export interface BlockingApi {
  /** Canonical module name without `node:`; `global` for globals such as Atomics. */
  module: string;
  /** Export name, or the method name when `className` is set. */
  name: string;
  /** Set for instance methods, e.g. fs.Dir#readSync. */
  className?: string;
  rule: RuleId;
  when: BlockCondition;
  /** What to use instead, as it should read in a message. */
  instead: string;
  /** Default `bulk`. */
  cost?: BlockCost;
  /**
   * For `document`, `rebuild` and `sliced`: what one call does and what it costs on an ordinary input, as the message
   * states them (for `sliced`, `does` holds `{where}`).
   */
  measured?: { does: string; costs: string };
  /** For `non-literal-input`: the positions of the input, when it is not the first argument alone (INPUT_ARGUMENTS). */
  inputArgs?: readonly number[];
  /** How a message names the call, when `Class#name` would not read well (`db.query.<table>.findMany`). */
  shown?: string;
}

const FS_SYNC: Array<[string, string]> = [
  ['accessSync', 'await fs.promises.access()'],
  ['appendFileSync', 'await fs.promises.appendFile()'],
  ['chmodSync', 'await fs.promises.chmod()'],
  ['chownSync', 'await fs.promises.chown()'],
  ['closeSync', 'await filehandle.close()'],
  ['copyFileSync', 'await fs.promises.copyFile()'],
  ['cpSync', 'await fs.promises.cp()'],
  ['existsSync', 'await fs.promises.access() or stat()'],
  ['fchmodSync', 'await filehandle.chmod()'],
  ['fchownSync', 'await filehandle.chown()'],
  ['fdatasyncSync', 'await filehandle.datasync()'],
  ['fstatSync', 'await filehandle.stat()'],
  ['fsyncSync', 'await filehandle.sync()'],
  ['ftruncateSync', 'await filehandle.truncate()'],
  ['futimesSync', 'await filehandle.utimes()'],
  ['globSync', 'fs.promises.glob()'],
  ['lchmodSync', 'await fs.promises.lchmod()'],
  ['lchownSync', 'await fs.promises.lchown()'],
  ['linkSync', 'await fs.promises.link()'],
  ['lstatSync', 'await fs.promises.lstat()'],
  ['lutimesSync', 'await fs.promises.lutimes()'],
  ['mkdirSync', 'await fs.promises.mkdir()'],
  ['mkdtempSync', 'await fs.promises.mkdtemp()'],
  ['opendirSync', 'await fs.promises.opendir()'],
  ['openSync', 'await fs.promises.open()'],
  ['readdirSync', 'await fs.promises.readdir()'],
  ['readFileSync', 'await fs.promises.readFile()'],
  ['readlinkSync', 'await fs.promises.readlink()'],
  ['readSync', 'await filehandle.read()'],
  ['readvSync', 'await filehandle.readv()'],
  ['realpathSync', 'await fs.promises.realpath()'],
  ['renameSync', 'await fs.promises.rename()'],
  ['rmdirSync', 'await fs.promises.rmdir()'],
  ['rmSync', 'await fs.promises.rm()'],
  ['statSync', 'await fs.promises.stat()'],
  ['statfsSync', 'await fs.promises.statfs()'],
  ['symlinkSync', 'await fs.promises.symlink()'],
  ['truncateSync', 'await fs.promises.truncate()'],
  ['unlinkSync', 'await fs.promises.unlink()'],
  ['utimesSync', 'await fs.promises.utimes()'],
  ['writeFileSync', 'await fs.promises.writeFile()'],
  ['writeSync', 'await filehandle.write()'],
  ['writevSync', 'await filehandle.writev()'],
];

/** One small system call each: reported at info on a hot path. */
const FS_METADATA = new Set([
  'accessSync', 'chmodSync', 'chownSync', 'closeSync', 'existsSync', 'fchmodSync', 'fchownSync', 'fstatSync', 'futimesSync',
  'lchmodSync', 'lchownSync', 'linkSync', 'lstatSync', 'lutimesSync', 'mkdirSync', 'mkdtempSync', 'openSync', 'readlinkSync',
  'realpathSync', 'renameSync', 'rmdirSync', 'statSync', 'statfsSync', 'symlinkSync', 'unlinkSync', 'utimesSync',
]);

/** fs-extra's own synchronous API (it also re-exports every fs *Sync function). */
const FS_EXTRA_SYNC: Array<[string, string, BlockCost?]> = [
  ['readJsonSync', 'await fs.readJson()'], ['readJSONSync', 'await fs.readJSON()'],
  ['writeJsonSync', 'await fs.writeJson()'], ['writeJSONSync', 'await fs.writeJSON()'],
  ['outputFileSync', 'await fs.outputFile()'], ['outputJsonSync', 'await fs.outputJson()'], ['outputJSONSync', 'await fs.outputJSON()'],
  ['copySync', 'await fs.copy()'], ['moveSync', 'await fs.move()'], ['removeSync', 'await fs.remove()'], ['emptyDirSync', 'await fs.emptyDir()'],
  ['ensureDirSync', 'await fs.ensureDir()', 'metadata'], ['mkdirsSync', 'await fs.mkdirs()', 'metadata'], ['mkdirpSync', 'await fs.mkdirp()', 'metadata'],
  ['ensureFileSync', 'await fs.ensureFile()', 'metadata'], ['pathExistsSync', 'await fs.pathExists()', 'metadata'],
];

const ZLIB_SYNC = [
  'deflateSync', 'inflateSync', 'deflateRawSync', 'inflateRawSync', 'gzipSync', 'gunzipSync', 'unzipSync',
  'brotliCompressSync', 'brotliDecompressSync', 'zstdCompressSync', 'zstdDecompressSync',
];

const CRYPTO_SYNC: Array<[string, string]> = [
  ['pbkdf2Sync', 'crypto.pbkdf2() with a callback (util.promisify)'],
  ['scryptSync', 'crypto.scrypt() with a callback (util.promisify)'],
  ['randomFillSync', 'crypto.randomFill() with a callback'],
  ['generateKeyPairSync', 'crypto.generateKeyPair() with a callback'],
  ['generateKeySync', 'crypto.generateKey() with a callback'],
  ['generatePrimeSync', 'crypto.generatePrime() with a callback'],
  ['checkPrimeSync', 'crypto.checkPrime() with a callback'],
  ['hkdfSync', 'crypto.hkdf() with a callback'],
];

const CRYPTO_CALLBACK_OPTIONAL: Array<[string, string]> = [
  ['randomBytes', 'crypto.randomBytes(size, callback) (util.promisify)'],
  ['randomFill', 'crypto.randomFill(buffer, callback)'],
  ['sign', 'crypto.sign(algorithm, data, key, callback)'],
  ['verify', 'crypto.verify(algorithm, data, key, signature, callback)'],
];

const CRYPTO_ALWAYS: Array<[string, string]> = [
  ['publicEncrypt', 'a worker pool, or a hybrid scheme whose bulk step is async'],
  ['privateDecrypt', 'a worker pool, or a hybrid scheme whose bulk step is async'],
  ['privateEncrypt', 'crypto.sign(algorithm, data, key, callback)'],
  ['publicDecrypt', 'crypto.verify(algorithm, data, key, signature, callback)'],
];

const fsApi = (module: string) => ([name, instead]: [string, string]): BlockingApi => ({
  module, name, rule: 'no-sync-io-in-hot-path', when: 'always', instead, cost: FS_METADATA.has(name) ? 'metadata' : 'bulk',
});

/**
 * Libraries that compute on the calling thread, for as long as their input is large: HTML and Markdown parsers,
 * YAML and XML parsers, spreadsheet and CSV readers, tokenisers, pure-JavaScript compression, CRDT document encoding,
 * text diffs. Each computes synchronously in the library's documented API (from the libraries' documentation, not
 * re-read in their source for this list; a comment says why where it is not obvious); asynchronous look-alikes that
 * only wrap the same work in a promise are listed too (`parseStringPromise`, Jimp's `read`).
 * Classes whose instances do the work (turndown, markdown-it, js-tiktoken) are in CPU_LIBRARY_CLASSES below. JSZip is
 * not here: its generate and load run in chunks between setImmediate calls, so they share the loop instead of
 * stopping it (its compressing generate* are `sliced` notes, with bcryptjs's).
 */
const CPU_LIBRARIES: ReadonlyArray<[module: string, names: readonly string[], instead: string]> = [
  // cheerio: load() parses the whole document with parse5 or htmlparser2 before returning.
  ['cheerio', ['load'], 'a worker pool (piscina), or a streaming parser (htmlparser2 with a handler)'],
  // marked: parse() returns a string unless `async: true` is set.
  ['marked', ['marked', 'parse', 'parseInline', 'marked.parse', 'marked.parseInline'], 'a worker pool (piscina)'],
  ['js-yaml', ['load', 'loadAll', 'dump'], 'a worker pool (piscina)'],
  ['yaml', ['parse', 'parseDocument', 'parseAllDocuments', 'stringify'], 'a worker pool (piscina)'],
  // xml2js: parseString runs the sax parser to the end before it calls back (async: false by default).
  ['xml2js', ['parseString', 'parseStringPromise'], 'a worker pool (piscina), or a streaming parser (sax)'],
  ['html-to-text', ['convert', 'htmlToText'], 'a worker pool (piscina)'],
  ['xlsx', ['read', 'write', 'utils.sheet_to_json', 'utils.sheet_to_csv', 'utils.sheet_to_html'], 'a worker pool (piscina)'],
  // papaparse: parse() of a string is synchronous unless `worker: true` (browsers only) or a stream is given.
  ['papaparse', ['parse', 'unparse'], 'a worker pool (piscina), or Papa.parse over a stream (step or chunk callbacks)'],
  // yjs: whole-document encodes and merges.
  ['yjs', ['encodeStateAsUpdate', 'encodeStateAsUpdateV2', 'applyUpdate', 'applyUpdateV2', 'mergeUpdates', 'mergeUpdatesV2'], 'one encode per change (keep the result), or a worker pool (piscina)'],
  // Tokenisers in pure JavaScript: BPE over the whole text.
  ['gpt-tokenizer', ['encode', 'decode', 'encodeChat', 'countTokens', 'isWithinTokenLimit'], 'a worker pool (piscina)'],
  ['gpt-3-encoder', ['encode', 'decode'], 'a worker pool (piscina)'],
  // fflate's *Sync functions and pako compress in JavaScript on the calling thread; fflate's callback forms use workers.
  ['fflate', ['zipSync', 'unzipSync', 'gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'zlibSync', 'unzlibSync', 'compressSync', 'decompressSync'], "fflate's callback form (it runs in a worker) or zlib's async API"],
  ['pako', ['deflate', 'inflate', 'gzip', 'ungzip', 'deflateRaw', 'inflateRaw'], "zlib's async API (util.promisify(zlib.gzip)) or a stream"],
  // diff (jsdiff): Myers' O(ND) diff, quadratic when the texts differ a lot.
  ['diff', ['diffChars', 'diffWords', 'diffLines', 'diffJson', 'createPatch', 'createTwoFilesPatch', 'structuredPatch'], 'a worker pool (piscina)'],
  ['himalaya', ['parse'], 'a worker pool (piscina), or a streaming parser (htmlparser2 with a handler)'],
  // DOMPurify parses the HTML into a DOM (jsdom's, on a server) and walks it; `default` is the package called as a function.
  ['dompurify', ['sanitize'], 'a worker pool (piscina)'],
  ['isomorphic-dompurify', ['sanitize'], 'a worker pool (piscina)'],
  ['sanitize-html', ['default'], 'a worker pool (piscina)'],
  // striptags walks the whole HTML character by character in JavaScript (search indexing of a rendered page).
  ['striptags', ['default'], 'a worker pool (piscina)'],
  // Jimp decodes and encodes images in JavaScript, on the calling thread, though its API returns promises.
  ['jimp', ['read'], 'sharp (native, off the event loop) or a worker pool'],
  // react-email's render turns a React element tree into an email's HTML with React's server renderer on the calling
  // thread (and formats it when `pretty` is set), though it returns a promise.
  ...['react-email', '@react-email/render', '@react-email/components'].map((module): [string, string[], string] =>
    [module, ['render'], 'render each template once and fill it in, or a worker pool (piscina)']),
  // @tiptap/html: a whole document through a schema and a virtual DOM.
  ['@tiptap/html', ['generateHTML', 'generateJSON'], 'a worker pool (piscina)'],
  // @hocuspocus/transformer: a whole document to a Y.Doc (or back), building the editor schema first on every call.
  ['@hocuspocus/transformer', ['TiptapTransformer.toYdoc', 'TiptapTransformer.fromYdoc'], 'a worker pool (piscina)'],
  // pretty: js-beautify's HTML formatter over the whole text (0.5 ms for a 1 KB post, 8 ms for a 70 KB page).
  ['pretty', ['default'], 'a worker pool (piscina), or no formatting on the request path'],
  // inline-css (and the juice it runs): parses the whole email HTML with cheerio, matches every CSS rule against it and
  // writes the styles into each element, on the calling thread, though inline-css returns a promise. Novu inlines each
  // email's HTML per send job.
  ['inline-css', ['default'], 'inlining once per template rather than per message, or a worker pool (piscina)'],
  ['juice', ['default', 'inlineContent'], 'inlining once per template rather than per message, or a worker pool (piscina)'],
  // json2csv's synchronous `parse(data, opts)` holds the whole input and output in memory and, in its own words,
  // blocks the event loop while it converts (juanjoDiaz/json2csv docs/parsers/parser.md); the Parser class below too.
  ['json2csv', ['parse'], "json2csv's AsyncParser or Transform (a stream), or a worker pool (piscina)"],
  // js2xmlparser: `parse(root, object)` walks the whole object and writes the XML string before it returns.
  ['js2xmlparser', ['parse'], 'a streaming XML writer, or a worker pool (piscina)'],
  // json5: a parser in JavaScript, about 20 times slower than JSON.parse (27 ms against 1.3 ms for 234 KB).
  ['json5', ['parse'], 'JSON.parse where the text is JSON, or a worker pool (piscina)'],
  // pdf-parse 1: `pdf(buffer)` runs its bundled pdf.js with the "fake worker", on the calling thread, behind a promise.
  ['pdf-parse', ['default'], 'a worker pool (piscina) or a child process'],
];

/**
 * Where a library's input is, when not in its first argument alone: jsdiff compares two texts, and its patches take
 * file names first (`createPatch('post', oldText, newText)`), so a literal file name says nothing about the work.
 */
const INPUT_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  'diff|diffChars': [0, 1], 'diff|diffWords': [0, 1], 'diff|diffLines': [0, 1], 'diff|diffJson': [0, 1],
  'diff|createPatch': [1, 2], 'diff|createTwoFilesPatch': [2, 3], 'diff|structuredPatch': [2, 3],
  // js2xmlparser's first argument is the root element's name: `parse('data', rows)`.
  'js2xmlparser|parse': [1],
};

/** Library classes whose constructor does the work: `new JSDOM(html)` parses the whole document. */
const CPU_LIBRARY_CONSTRUCTORS: ReadonlyArray<[module: string, className: string, instead: string]> = [
  ['jsdom', 'JSDOM', 'a worker pool (piscina), or a lighter parser (htmlparser2, parse5) for extraction'],
];

/**
 * Library classes whose instances compute over their input, by the export that is the class (`default` for a default
 * export): the walker follows instances made with `new`, by a factory below, or kept in a field, to these methods.
 */
const CPU_LIBRARY_CLASSES: ReadonlyArray<[module: string, className: string, methods: readonly string[], instead: string]> = [
  // js-tiktoken is BPE in pure JavaScript; tiktoken and @dqbd/tiktoken run it in WebAssembly, on the calling thread too.
  ['js-tiktoken', 'Tiktoken', ['encode', 'decode'], 'a worker pool (piscina)'],
  ['tiktoken', 'Tiktoken', ['encode', 'encode_ordinary', 'decode'], 'a worker pool (piscina)'],
  ['@dqbd/tiktoken', 'Tiktoken', ['encode', 'encode_ordinary', 'decode'], 'a worker pool (piscina)'],
  // json2csv's Parser (json2csv 5 and @json2csv/plainjs 6+): parse(data) converts the whole array at once.
  ...['json2csv', '@json2csv/plainjs'].map((module): [string, string, string[], string] =>
    [module, 'Parser', ['parse'], "json2csv's AsyncParser or Transform (a stream), or a worker pool (piscina)"]),
  ['turndown', 'default', ['turndown'], 'a worker pool (piscina)'],
  // Joplin's fork of turndown, with the same API (Docmost's markdown export).
  ['@joplin/turndown', 'default', ['turndown'], 'a worker pool (piscina)'],
  // languagedetect scores the trigrams of the whole text against every language's profile.
  ['languagedetect', 'default', ['detect'], 'a worker pool (piscina), or detect on the first few KB only'],
  ['markdown-it', 'default', ['render', 'renderInline', 'parse'], 'a worker pool (piscina)'],
  ['fast-xml-parser', 'XMLParser', ['parse'], 'a worker pool (piscina)'],
  ['@mozilla/readability', 'Readability', ['parse'], 'a worker pool (piscina)'],
  ['dompurify', 'default', ['sanitize'], 'a worker pool (piscina)'],
  // rss-parser: parseString hands the whole feed to xml2js, which parses it to the end on the calling thread.
  ['rss-parser', 'default', ['parseString', 'parseURL'], 'a worker pool (piscina)'],
  // pdf2json: parseBuffer runs its bundled pdf.js core over the whole document before the dataReady event fires.
  ['pdf2json', 'default', ['parseBuffer'], 'a worker pool (piscina) or a child process'],
];

/**
 * Library classes whose instances hold the data the method works over (a parsed document, a decoded image), so the
 * cost does not depend on the arguments: reported whatever they are. By the export that is the class, as above.
 */
const CPU_INSTANCE_METHODS: ReadonlyArray<[module: string, className: string, methods: readonly string[], instead: string]> = [
  // jsdom: serialize() writes the whole document back to HTML, as costly as parsing it.
  ['jsdom', 'JSDOM', ['serialize'], 'a worker pool (piscina)'],
  // Jimp resamples and encodes in JavaScript on the calling thread, the *Async forms included.
  ['jimp', 'default', ['resize', 'scale', 'scaleToFit', 'cover', 'contain', 'blur', 'gaussian', 'rotate', 'getBuffer', 'getBufferAsync', 'getBase64Async', 'writeAsync'],
    'sharp (native, off the event loop) or a worker pool'],
  // samlify: parsing a SAML message runs the schema validator it was given (xmllint compiled to WebAssembly), checks the
  // XML signature (xml-crypto: canonicalisation in JavaScript) and parses the document, synchronously behind the promise
  // (flow.ts postFlow); a login response is built and signed the same way. The message is the request's.
  // samlify exports each class a second time under a type-like name (`IdentityProviderInstance`), the one fields are
  // annotated with.
  ...['ServiceProvider', 'ServiceProviderInstance'].map((className): [string, string, string[], string] =>
    ['samlify', className, ['parseLoginResponse', 'parseLogoutRequest', 'parseLogoutResponse'], 'a worker pool (piscina)']),
  ...['IdentityProvider', 'IdentityProviderInstance'].map((className): [string, string, string[], string] =>
    ['samlify', className, ['parseLoginRequest', 'createLoginResponse', 'parseLogoutRequest', 'parseLogoutResponse'], 'a worker pool (piscina)']),
  // pdf-parse 2: `new PDFParse({ data })` holds the document; its getters run pdf.js with the "fake worker" it uses in
  // Node, on the calling thread: the loop gets no turn until the promise settles (bench/library-cost.mjs).
  ['pdf-parse', 'PDFParse', ['getText', 'getTable', 'getImage', 'getScreenshot'], 'a worker pool (piscina) or a child process'],
];

/**
 * The library calls whose ordinary input already costs tens of milliseconds or more, by catalogue key
 * (`module|className|name`), with what `node bench/library-cost.mjs` measured on this project's 2-core machine
 * (BENCHMARKS.md, "CPU-heavy libraries"). Their cost is `document`: a warning on a hot path. The other libraries stay
 * notes: cheerio, html-to-text, sanitize-html take 5-11 ms for the same 70 KB page and microseconds for a chat message,
 * DOMPurify 78 ms for the page but 0.2 ms for a comment, js-yaml or marked microseconds for a config or a message,
 * XLSX.read 16 ms for 1,000 rows, and a jimp resize to a thumbnail 15-26 ms (a 1,920 x 1,080 image): their cost
 * depends on an input size the code does not show.
 */
const DOCUMENT_COSTS: Readonly<Record<string, { does: string; costs: string }>> = {
  'jsdom|new|JSDOM': { does: 'builds a whole DOM', costs: 'about 55-70 ms for a 70 KB page, 5 ms even for an empty one' },
  '@mozilla/readability|Readability|parse': { does: 'walks a whole DOM to extract the article', costs: 'about 170-180 ms for a 70 KB page' },
  'pdf-parse|PDFParse|getText': { does: 'parses the whole PDF with pdf.js', costs: 'about 23 ms for a one-page PDF, 100 ms for twenty pages' },
  'jimp||read': { does: 'decodes the whole image in JavaScript', costs: 'about 220 ms for a 1,024 x 768 JPEG, 530 ms at 1,920 x 1,080' },
  ...Object.fromEntries(['getBuffer', 'getBufferAsync', 'getBase64Async', 'writeAsync'].map((name) => [`jimp|default|${name}`,
    { does: 'encodes the whole image in JavaScript', costs: 'about 320 ms for a 1,024 x 768 JPEG, 910 ms at 1,920 x 1,080' }])),
};

/** A library's cost: `document` with its measured figures when DOCUMENT_COSTS lists the call, `input` otherwise. */
function libraryCost(module: string, className: string | undefined, name: string): Pick<BlockingApi, 'cost' | 'measured'> {
  const measured = DOCUMENT_COSTS[`${module}|${className ?? ''}|${name}`];
  return measured ? { cost: 'document', measured } : { cost: 'input' };
}

/**
 * Library factories whose product is itself the function that does the work, by the factory's export: html-to-text's
 * `compile(options)` returns a converter, and `converter(html)` converts the whole document. Catalogued as the class
 * `<factory>()` with the method `()` (the instance called).
 */
const CPU_LIBRARY_COMPILERS: ReadonlyArray<[module: string, factory: string, instead: string]> = [
  ['html-to-text', 'compile', 'a worker pool (piscina)'],
];

/** The method name under which a compiled function (CPU_LIBRARY_COMPILERS) is catalogued: the instance called. */
export const CALLED_INSTANCE = '()';

/**
 * Machine-learning models run in the process. transformers.js (`@huggingface/transformers`, `@xenova/transformers`
 * before it) runs its models with onnxruntime-node in Node, and onnxruntime-node's `run` is one synchronous native call
 * on the calling thread, only put off to the next setImmediate (onnxruntime js/node/lib/backend.ts; still so in 2026:
 * microsoft/onnxruntime#19611 and #26968 ask for a real asynchronous run, PR #28646 is open). A pipeline, called,
 * tokenises its input in JavaScript and runs the whole model on it; a model called, or its `generate`, runs it too.
 * By the class each factory makes (`pipeline(task, model)` makes a Pipeline, `AutoTokenizer.from_pretrained` a
 * tokenizer) and the classes a field may be annotated with (`private extractor: FeatureExtractionPipeline`).
 */
const MODEL_LIBRARIES = ['@huggingface/transformers', '@xenova/transformers'];
const PIPELINE_CLASSES = [
  'Pipeline', 'FeatureExtractionPipeline', 'ImageFeatureExtractionPipeline', 'TextClassificationPipeline', 'TokenClassificationPipeline',
  'QuestionAnsweringPipeline', 'FillMaskPipeline', 'Text2TextGenerationPipeline', 'SummarizationPipeline', 'TranslationPipeline',
  'TextGenerationPipeline', 'ZeroShotClassificationPipeline', 'AudioClassificationPipeline', 'ZeroShotAudioClassificationPipeline',
  'AutomaticSpeechRecognitionPipeline', 'ImageToTextPipeline', 'ImageClassificationPipeline', 'ImageSegmentationPipeline',
  'ZeroShotImageClassificationPipeline', 'ObjectDetectionPipeline', 'ZeroShotObjectDetectionPipeline',
  'DocumentQuestionAnsweringPipeline', 'TextToAudioPipeline', 'ImageToImagePipeline', 'DepthEstimationPipeline',
];
const MODEL_INSTEAD = 'a worker pool (piscina) whose workers each load the model once, or an inference server';
const MODEL_APIS: readonly BlockingApi[] = [
  ...MODEL_LIBRARIES.flatMap((module) => [
    ...PIPELINE_CLASSES.map((className): BlockingApi => ({ module, className, name: CALLED_INSTANCE, rule: 'no-cpu-heavy-library-in-hot-path', when: 'always', instead: MODEL_INSTEAD, cost: 'model' })),
    ...[CALLED_INSTANCE, 'generate'].map((name): BlockingApi => ({ module, className: 'PreTrainedModel', name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'always', instead: MODEL_INSTEAD, cost: 'model' })),
    // A tokenizer alone is BPE or WordPiece in JavaScript, as js-tiktoken's: a cost in proportion to its input.
    ...[CALLED_INSTANCE, 'encode'].map((name): BlockingApi => ({ module, className: 'PreTrainedTokenizer', name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'non-literal-input', instead: 'a worker pool (piscina)', cost: 'input' })),
  ]),
  { module: 'onnxruntime-node', className: 'InferenceSession', name: 'run', rule: 'no-cpu-heavy-library-in-hot-path', when: 'always', instead: MODEL_INSTEAD, cost: 'model' },
];

/** Calls of a library that return an instance of one of those classes: `getEncoding('cl100k_base')` is a Tiktoken. */
export const LIBRARY_FACTORIES: ReadonlyArray<{ module: string; name: string; className: string }> = [
  ...CPU_LIBRARY_COMPILERS.map(([module, factory]) => ({ module, name: factory, className: `${factory}()` })),
  { module: 'js-tiktoken', name: 'getEncoding', className: 'Tiktoken' },
  { module: 'js-tiktoken', name: 'encodingForModel', className: 'Tiktoken' },
  ...['tiktoken', '@dqbd/tiktoken'].flatMap((module) => [
    { module, name: 'get_encoding', className: 'Tiktoken' },
    { module, name: 'encoding_for_model', className: 'Tiktoken' },
  ]),
  // `markdownit()` without `new` makes one too.
  { module: 'markdown-it', name: 'default', className: 'default' },
  // `DOMPurify(window)`: a purifier bound to a (jsdom) window.
  { module: 'dompurify', name: 'default', className: 'default' },
  // `await Jimp.read(buffer)`: a decoded image.
  { module: 'jimp', name: 'read', className: 'default' },
  // samlify's entities are made by factory functions, called without `new`.
  { module: 'samlify', name: 'ServiceProvider', className: 'ServiceProvider' },
  { module: 'samlify', name: 'IdentityProvider', className: 'IdentityProvider' },
  // `await pipeline('feature-extraction', model)`, `await AutoModel.from_pretrained(model)`: see MODEL_LIBRARIES.
  ...MODEL_LIBRARIES.flatMap((module) => [
    { module, name: 'pipeline', className: 'Pipeline' },
    { module, name: 'AutoTokenizer.from_pretrained', className: 'PreTrainedTokenizer' },
    ...['AutoModel', 'AutoModelForCausalLM', 'AutoModelForSeq2SeqLM', 'AutoModelForSequenceClassification'].map((model) =>
      ({ module, name: `${model}.from_pretrained`, className: 'PreTrainedModel' })),
  ]),
  { module: 'onnxruntime-node', name: 'InferenceSession.create', className: 'InferenceSession' },
  // `drizzle(sqlite, { schema })`: a database whose queries run synchronously (DRIZZLE_SYNC).
  { module: 'drizzle-orm/better-sqlite3', name: 'drizzle', className: 'BetterSQLite3Database' },
];

/**
 * Third-party packages with synchronous blocking APIs. A package is tracked (its imports bound, its members
 * looked up here) only when it is named in this list, so other packages cost nothing.
 */
/**
 * better-sqlite3 runs every statement on the calling thread, by design: `new Database(file)`'s `exec(sql)` and its
 * prepared statements' `all()`/`iterate()` read or write as many rows as the SQL says (a warning); `get()` and `run()`
 * touch one row, or one write, microseconds on an index (a note). `prepare` makes the statement (INSTANCE_PRODUCTS).
 */
const SQLITE_INSTEAD = 'a worker thread that owns the connection (as better-sqlite3 recommends for slow queries), or a LIMIT on the rows';
const SQLITE_SYNC: readonly BlockingApi[] = [
  { module: 'better-sqlite3', className: 'default', name: 'exec', rule: 'no-sync-io-in-hot-path', when: 'always', instead: SQLITE_INSTEAD },
  ...['all', 'iterate'].map((name): BlockingApi => ({ module: 'better-sqlite3', className: 'Statement', name, rule: 'no-sync-io-in-hot-path', when: 'always', instead: SQLITE_INSTEAD })),
  ...['get', 'run'].map((name): BlockingApi => ({
    module: 'better-sqlite3', className: 'Statement', name, rule: 'no-sync-io-in-hot-path', when: 'always', instead: SQLITE_INSTEAD, cost: 'row',
  })),
];

/**
 * Drizzle over better-sqlite3 (`drizzle(new Database(file))` from `drizzle-orm/better-sqlite3`): its queries look
 * asynchronous (they are awaited) but run through better-sqlite3 on the calling thread when awaited
 * (drizzle-orm's better-sqlite3 session calls `stmt.all()`, `stmt.get()`, `stmt.run()`). A select or a relational
 * `findMany` reads every row it matches (`rows`: a warning unless it shows a limit or a `where`); `findFirst`, inserts,
 * updates and deletes are one statement (`row`: a note). Named by the path from the database: `query.*.findMany` is
 * `db.query.<table>.findMany(...)`.
 */
const DRIZZLE_SQLITE = 'drizzle-orm/better-sqlite3';
const DRIZZLE_DATABASE = 'BetterSQLite3Database';
/** `await db.select()`, said to be synchronous: the await makes it look otherwise. */
function drizzleShown(name: string): string {
  return `awaited db.${name.replace('*', '<table>')}() (synchronous under Drizzle's better-sqlite3 driver)`;
}
const DRIZZLE_INSTEAD = 'a LIMIT (or pagination), a worker thread that owns the connection, or an asynchronous driver (libsql)';
const DRIZZLE_SYNC: readonly BlockingApi[] = [
  ...['select', 'selectDistinct', 'query.*.findMany', 'all', 'values'].map((name): BlockingApi => ({
    module: DRIZZLE_SQLITE, className: DRIZZLE_DATABASE, name, rule: 'no-sync-io-in-hot-path', when: 'always', instead: DRIZZLE_INSTEAD, cost: 'rows',
    shown: drizzleShown(name),
  })),
  ...['query.*.findFirst', 'insert', 'update', 'delete', 'get', 'run'].map((name): BlockingApi => ({
    module: DRIZZLE_SQLITE, className: DRIZZLE_DATABASE, name, rule: 'no-sync-io-in-hot-path', when: 'always', instead: DRIZZLE_INSTEAD, cost: 'row',
    shown: drizzleShown(name),
  })),
];

/**
 * Methods of a library instance that return an instance of another of its classes: `db.prepare(sql)` is a Statement.
 * On a value of another file, what such a method returns is a step of a path (RESULT_STEP), decided when linking.
 */
export const INSTANCE_PRODUCTS: ReadonlyArray<{ module: string; className: string; name: string; product: string }> = [
  { module: 'better-sqlite3', className: 'default', name: 'prepare', product: 'Statement' },
];

const THIRD_PARTY: readonly BlockingApi[] = [
  ...['bcrypt', 'bcryptjs'].flatMap((module): BlockingApi[] => [
    { module, name: 'hashSync', rule: 'no-blocking-crypto-in-hot-path', when: 'always', instead: `await ${module}.hash()` },
    { module, name: 'compareSync', rule: 'no-blocking-crypto-in-hot-path', when: 'always', instead: `await ${module}.compare()` },
    { module, name: 'genSaltSync', rule: 'no-blocking-crypto-in-hot-path', when: 'always', instead: `await ${module}.genSalt()`, cost: 'metadata' },
  ]),
  // bcryptjs is pure JavaScript: its promise and callback API runs the same rounds on the event loop, yielding every
  // 100 ms or so (native bcrypt's async API runs on the libuv thread pool instead). bcryptjs-then wraps it in promises.
  ...['bcryptjs', 'bcryptjs-then'].flatMap((module) => ['compare', 'hash'].map((name): BlockingApi => ({
    module, name, rule: 'no-blocking-crypto-in-hot-path', when: 'always', cost: 'sliced',
    instead: `the native bcrypt package (its ${name} runs on the libuv thread pool) or argon2`,
  }))),
  // JSZip compresses with pako, in JavaScript, on the event loop: its generate* methods work through the files in 16 KB
  // chunks with a setImmediate between them, so the loop keeps answering while the archive takes its CPU
  // (node bench/library-cost.mjs: the CPU and the longest hold of the loop, for 23 MB of pages).
  ...['generateAsync', 'generateNodeStream'].map((name): BlockingApi => ({
    module: 'jszip', className: 'default', name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'deflate-option', cost: 'sliced',
    instead: 'a worker or a child process that builds the archive, or a streaming zip (archiver, yazl) writing to the response',
    measured: {
      does: 'compresses every file in JavaScript on the event loop {where}, in slices between which other callbacks run',
      costs: '23 MB of pages took 0.4-0.8 s of CPU, holding the loop up to 7 ms at a time',
    },
  })),
  // hash-wasm: its key derivations are promise-returning, but the whole computation is one synchronous WebAssembly
  // call on the calling thread (argon2Internal → calculate); only loading the module is asynchronous.
  ...['argon2i', 'argon2id', 'argon2d', 'argon2Verify', 'bcrypt', 'bcryptVerify', 'scrypt', 'pbkdf2'].map((name): BlockingApi => ({
    module: 'hash-wasm', name, rule: 'no-blocking-crypto-in-hot-path', when: 'always',
    instead: 'a worker pool (piscina, tinypool) around the same call, or the native argon2 / bcrypt package (libuv thread pool)',
  })),
  // node-forge: RSA key generation in JavaScript, or through crypto.generateKeyPairSync, unless given a callback.
  { module: 'node-forge', name: 'pki.rsa.generateKeyPair', rule: 'no-blocking-crypto-in-hot-path', when: 'no-callback', instead: 'crypto.generateKeyPair() with a callback, or forge with a callback' },
  ...FS_SYNC.map(fsApi('fs-extra')),
  ...FS_EXTRA_SYNC.map(([name, instead, cost]): BlockingApi => ({ module: 'fs-extra', name, rule: 'no-sync-io-in-hot-path', when: 'always', instead, cost })),
  ...FS_SYNC.map(fsApi('graceful-fs')),
  { module: 'execa', name: 'sync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await execa()' },
  { module: 'execa', name: 'execa.sync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await execa()' },
  { module: 'execa', name: 'execaSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await execa()' },
  { module: 'execa', name: 'commandSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await execaCommand()' },
  { module: 'execa', name: 'execaCommandSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await execaCommand()' },
  { module: 'shelljs', name: 'exec', rule: 'no-sync-io-in-hot-path', when: 'shell-sync', instead: "shell.exec(cmd, { async: true }) or promisified child_process.exec" },
  ...['glob', 'fast-glob'].flatMap((module): BlockingApi[] => [
    { module, name: 'sync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: `await ${module === 'glob' ? 'glob' : 'fg'}()` },
    { module, name: 'globSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: `await ${module === 'glob' ? 'glob' : 'fg'}()` },
  ]),
  { module: 'rimraf', name: 'sync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await rimraf()' },
  { module: 'rimraf', name: 'rimrafSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await rimraf()' },
  { module: 'mkdirp', name: 'sync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await mkdirp()', cost: 'metadata' },
  { module: 'mkdirp', name: 'mkdirpSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await mkdirp()', cost: 'metadata' },
  // resolve: the synchronous form stats each candidate path in turn (statSync, realpathSync) until one exists.
  { module: 'resolve', name: 'sync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'resolve(id, opts, callback), or resolve once and keep the path' },
  { module: 'jsonwebtoken', name: 'sign', rule: 'no-blocking-crypto-in-hot-path', when: 'asymmetric-jwt', instead: 'jwt.sign(payload, key, options, callback)', cost: 'key-operation' },
  { module: 'jsonwebtoken', name: 'verify', rule: 'no-blocking-crypto-in-hot-path', when: 'asymmetric-jwt', instead: 'jwt.verify(token, key, options, callback)', cost: 'key-operation' },
  // @tiptap/core: getSchema builds a ProseMirror schema from every extension (compiling each node's content
  // expression), whatever the document; servers that convert documents often call it per conversion.
  {
    module: '@tiptap/core', name: 'getSchema', rule: 'no-cpu-heavy-library-in-hot-path', when: 'always', cost: 'rebuild',
    instead: 'build it once (at start-up, or on first use) and keep it',
    measured: { does: 'builds the editor schema from every extension', costs: 'about 1-2 ms for StarterKit and 10 extensions, more with more' },
  },
  { module: 'xlsx', name: 'readFile', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await fs.promises.readFile() then XLSX.read(), in a worker for large sheets' },
  ...SQLITE_SYNC,
  ...DRIZZLE_SYNC,
  { module: 'xlsx', name: 'writeFile', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'XLSX.write() then await fs.promises.writeFile()' },
  { module: 'node-xlsx', name: 'parse', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await fs.promises.readFile() then parse the buffer, in a worker for large sheets' },
  ...CPU_LIBRARIES.flatMap(([module, names, instead]) => names.map((name): BlockingApi => ({
    module, name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'non-literal-input', instead, ...libraryCost(module, undefined, name),
    ...(INPUT_ARGUMENTS[`${module}|${name}`] && { inputArgs: INPUT_ARGUMENTS[`${module}|${name}`] }),
  }))),
  ...CPU_LIBRARY_CLASSES.flatMap(([module, className, methods, instead]) => methods.map((name): BlockingApi => ({
    module, className, name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'non-literal-input', instead, ...libraryCost(module, className, name),
  }))),
  ...CPU_INSTANCE_METHODS.flatMap(([module, className, methods, instead]) => methods.map((name): BlockingApi => ({
    module, className, name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'always', instead, ...libraryCost(module, className, name),
  }))),
  ...CPU_LIBRARY_COMPILERS.map(([module, factory, instead]): BlockingApi => ({
    module, className: `${factory}()`, name: CALLED_INSTANCE, rule: 'no-cpu-heavy-library-in-hot-path', when: 'non-literal-input', instead, cost: 'input',
  })),
  ...MODEL_APIS,
  // A constructor is catalogued with the class name `new`: `new JSDOM(html)` is `jsdom|new|JSDOM`.
  ...CPU_LIBRARY_CONSTRUCTORS.map(([module, name, instead]): BlockingApi => ({
    module, className: 'new', name, rule: 'no-cpu-heavy-library-in-hot-path', when: 'non-literal-input', instead, ...libraryCost(module, 'new', name),
  })),
];

/** `module|export` of each package class the catalogue lists a method or constructor of (`new` entries by their name). */
const LIBRARY_CLASS_KEYS: ReadonlySet<string> = new Set(THIRD_PARTY.flatMap((a) =>
  // A compiled function's class (`compile()`) is no export: nothing is annotated with it.
  a.className === undefined || a.className.endsWith('()') ? []
    : [`${a.module}|${a.className === 'new' ? a.name : a.className}`]));

/** The export a package binding names (`default` for the package itself), when it is a catalogued library class. */
export function libraryClassName(module: string, exportName: string): string | undefined {
  return LIBRARY_CLASS_KEYS.has(`${module}|${exportName}`) ? exportName : undefined;
}

export const BLOCKING_APIS: readonly BlockingApi[] = [
  ...FS_SYNC.map(fsApi('fs')),
  { module: 'fs', className: 'Dir', name: 'readSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await dir.read() or for await (const entry of dir)' },
  { module: 'fs', className: 'Dir', name: 'closeSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await dir.close()' },
  { module: 'child_process', name: 'execSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await util.promisify(exec)()' },
  { module: 'child_process', name: 'execFileSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'await util.promisify(execFile)()' },
  { module: 'child_process', name: 'spawnSync', rule: 'no-sync-io-in-hot-path', when: 'always', instead: 'spawn() and await its close event' },
  { module: 'v8', name: 'writeHeapSnapshot', rule: 'no-sync-v8-serialize-in-hot-path', when: 'always', instead: 'a snapshot taken off the request path (inspector, or on a signal)' },
  { module: 'v8', name: 'serialize', rule: 'no-sync-v8-serialize-in-hot-path', when: 'always', instead: 'serialisation in a worker (or, to hand data to a worker, a transfer list or SharedArrayBuffer)' },
  { module: 'v8', name: 'deserialize', rule: 'no-sync-v8-serialize-in-hot-path', when: 'always', instead: 'deserialisation in a worker (or, to receive data from a worker, a transfer list or SharedArrayBuffer)' },
  ...ZLIB_SYNC.map((name): BlockingApi => ({
    module: 'zlib', name, rule: 'no-sync-zlib-in-hot-path', when: 'always',
    instead: `zlib.${name.replace(/Sync$/, '')}() with a callback (util.promisify) or a stream`,
  })),
  ...CRYPTO_SYNC.map(([name, instead]): BlockingApi => ({ module: 'crypto', name, rule: 'no-blocking-crypto-in-hot-path', when: 'always', instead })),
  ...CRYPTO_CALLBACK_OPTIONAL.map(([name, instead]): BlockingApi => ({
    module: 'crypto', name, rule: 'no-blocking-crypto-in-hot-path', when: name.startsWith('random') ? 'no-callback-large' : 'no-callback', instead,
    cost: name === 'sign' || name === 'verify' ? 'key-operation' : 'bulk',
  })),
  ...CRYPTO_ALWAYS.map(([name, instead]): BlockingApi => ({
    module: 'crypto', name, rule: 'no-blocking-crypto-in-hot-path', when: 'always', instead, cost: 'key-operation',
  })),
  { module: 'global', className: 'Atomics', name: 'wait', rule: 'no-atomics-wait-on-main-thread', when: 'always', instead: 'await Atomics.waitAsync(...).value, or wait inside a worker' },
  ...THIRD_PARTY,
];

/** The packages the catalogue knows; imports of any other package stay untracked. */
export const CATALOGUED_PACKAGES: ReadonlySet<string> = new Set(THIRD_PARTY.map((a) => a.module));

/** `lodash/fp` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Node built-in module names we know about; anything else imported by a bare specifier is a package. */
export const NODE_BUILTINS = new Set([
  'fs', 'fs/promises', 'child_process', 'zlib', 'crypto', 'v8', 'worker_threads', 'http', 'https', 'http2', 'net',
  'tls', 'timers', 'timers/promises', 'events', 'stream', 'stream/promises', 'dns', 'dns/promises', 'util', 'path',
  'url', 'os', 'readline', 'readline/promises', 'cluster', 'process', 'buffer', 'assert', 'querystring', 'vm',
  'perf_hooks', 'async_hooks', 'dgram', 'inspector', 'module', 'string_decoder', 'tty',
]);

/** Members that are themselves modules: `fs.promises` → `fs/promises`. */
export const SUBMODULE_MEMBERS: Record<string, Record<string, string>> = {
  fs: { promises: 'fs/promises' },
  dns: { promises: 'dns/promises' },
  stream: { promises: 'stream/promises' },
  timers: { promises: 'timers/promises' },
};

/** Calls that return an instance of a Node class whose methods are in the catalogue (fs.opendirSync → Dir). */
export const RETURNS_INSTANCE: Array<{ module: string; name: string; classModule: string; className: string; awaited: boolean }> = [
  { module: 'fs', name: 'opendirSync', classModule: 'fs', className: 'Dir', awaited: false },
  { module: 'fs/promises', name: 'opendir', classModule: 'fs', className: 'Dir', awaited: true },
];

/** Modules whose every function returns a promise; calling one and dropping the result floats it. */
export const PROMISE_MODULES = new Set(['fs/promises', 'timers/promises', 'dns/promises', 'stream/promises', 'readline/promises']);

/** Globals that return promises. */
export const PROMISE_GLOBALS = new Set(['fetch']);

/** Where server request handlers are registered: `http.createServer(handler)` and friends. */
export const SERVER_FACTORIES: Array<{ module: string; name: string }> = [
  { module: 'http', name: 'createServer' },
  { module: 'https', name: 'createServer' },
  { module: 'http2', name: 'createServer' },
  { module: 'http2', name: 'createSecureServer' },
  { module: 'net', name: 'createServer' },
  { module: 'tls', name: 'createServer' },
];

/** `node:fs` and `fs` are the same module. */
export function canonicalModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** The step of a method path that stands for what the method before it returned: `prepare.().all`. */
export const RESULT_STEP = '()';

/**
 * A product's methods, catalogued on the class that makes it as well, by the path through the making method
 * (`prepare.().all` on a better-sqlite3 Database): `db.prepare(sql).all()` on a database imported from another file,
 * whose class is known only when linking (blocking-call.ts checkImportedInstance).
 */
const THROUGH_PRODUCTS: readonly BlockingApi[] = INSTANCE_PRODUCTS.flatMap((p) => BLOCKING_APIS
  .filter((api) => api.module === p.module && api.className === p.product)
  .map((api): BlockingApi => ({ ...api, className: p.className, name: `${p.name}.${RESULT_STEP}.${api.name}`, shown: `${p.product}#${api.name} (${p.module})` })));

const byKey = new Map<string, BlockingApi>();
for (const api of [...BLOCKING_APIS, ...THROUGH_PRODUCTS]) byKey.set(`${api.module}|${api.className ?? ''}|${api.name}`, api);
/** The classes with a catalogued instance method, by the method's own name (the last step of its path). */
const byMethod = new Map<string, Array<{ module: string; className: string }>>();
for (const api of [...BLOCKING_APIS, ...THROUGH_PRODUCTS]) {
  if (!api.className || api.className === 'new' || api.name === CALLED_INSTANCE || NODE_BUILTINS.has(api.module) || api.module === 'global') continue;
  const last = api.name.slice(api.name.lastIndexOf('.') + 1);
  const list = byMethod.get(last) ?? [];
  if (!list.some((c) => c.module === api.module && c.className === api.className)) list.push({ module: api.module, className: api.className });
  byMethod.set(last, list);
}

/** The catalogue entry for a resolved Node API, if it blocks; `className` for instance methods such as Dir#readSync. */
export function lookupBlockingApi(module: string, name: string, className?: string): BlockingApi | undefined {
  return byKey.get(`${module}|${className ?? ''}|${name}`);
}

/**
 * A library class's method reached through members of the instance (`db.query.chats.findMany` is the path `query`,
 * `chats`, `findMany`): catalogued by the whole path, or with `*` for each step between the first and the last.
 */
export function lookupLibraryPath(module: string, className: string, path: readonly string[]): BlockingApi | undefined {
  if (path.length === 0) return undefined;
  return lookupBlockingApi(module, path.join('.'), className) ??
    (path.length > 2 ? lookupBlockingApi(module, [path[0], ...path.slice(1, -1).map(() => '*'), path[path.length - 1]].join('.'), className) : undefined);
}

/**
 * The library classes that have a catalogued method at this path, for a receiver the walk cannot see (an instance
 * imported from another file): each is a candidate, kept when linking finds the receiver is an instance of that class.
 */
export function libraryClassesWithPath(path: readonly string[]): Array<{ module: string; className: string; api: BlockingApi }> {
  const last = path[path.length - 1];
  return (byMethod.get(last) ?? []).flatMap(({ module, className }) => {
    const api = lookupLibraryPath(module, className, path);
    return api ? [{ module, className, api }] : [];
  });
}

/**
 * Every catalogued name of Node's own APIs, to decide cheaply whether a call is worth a type-checker question: the
 * checker is asked only for Node's declarations (type-oracle.ts resolveCallee), so a package's names (`parse`, `load`,
 * `encode`) would only cost questions.
 */
export const BLOCKING_NAMES: ReadonlySet<string> = new Set(BLOCKING_APIS.filter((a) => a.module === 'global' || NODE_BUILTINS.has(a.module)).map((a) => a.name));
