// What one synchronous crypto call costs on this machine, the figures behind the catalogue's cost tiers
// (src/analysis/blocking-apis.ts, BlockCost): key derivations are warnings on a hot path, key operations notes.
//   node bench/crypto-cost.mjs
// Prints the mean time per call after a warm-up, with the machine's load beside it.
import crypto from 'node:crypto';
import os from 'node:os';

/** Mean milliseconds per call over `n` calls, after one warm-up call. */
function perCall(fn, n) {
  fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - start) / n;
}

const payload = Buffer.from('x'.repeat(200));
const rows = [];
for (const bits of [2048, 4096]) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const signature = crypto.sign('RSA-SHA256', payload, privateKey);
  rows.push([`RSA-${bits} sign (crypto.sign, jwt RS256)`, perCall(() => crypto.sign('RSA-SHA256', payload, privateKey), 50)]);
  rows.push([`RSA-${bits} verify`, perCall(() => crypto.verify('RSA-SHA256', payload, publicKey, signature), 200)]);
  rows.push([`RSA-${bits} privateEncrypt`, perCall(() => crypto.privateEncrypt(privateKey, payload.subarray(0, 100)), 50)]);
}
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
rows.push(['EC P-256 sign (jwt ES256)', perCall(() => crypto.sign('SHA256', payload, ec.privateKey), 200)]);
rows.push(['scryptSync N=16384 (the default)', perCall(() => crypto.scryptSync('password', 'salt', 64), 10)]);
rows.push(['pbkdf2Sync 100,000 rounds sha512', perCall(() => crypto.pbkdf2Sync('password', 'salt', 100_000, 64, 'sha512'), 5)]);
rows.push(['randomBytes(32)', perCall(() => crypto.randomBytes(32), 10_000)]);

console.log('| call | ms per call |\n| --- | --- |');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms < 0.1 ? ms.toFixed(4) : ms.toFixed(2)} |`);
console.log(`\nnode ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
