// Unit checks of the console's pure helpers (lib.js), in node without a browser.
import assert from 'node:assert/strict';
import { splitCommand, bytes, ms } from '../../bundles/console/src/main/resources/console/lib.js';

const cases = [
  ['/bin/sleep 1000', ['/bin/sleep', '1000']],
  ['  python3   -c  "print(1 + 1)" ', ['python3', '-c', 'print(1 + 1)']],
  ["sh -c 'echo \"a b\"; exit 3'", ['sh', '-c', 'echo "a b"; exit 3']],
  ['echo a\\ b ""', ['echo', 'a b', '']],
  ['echo "say \\"hi\\""', ['echo', 'say "hi"']],
  ['', []],
];
for (const [line, argv] of cases) assert.deepEqual(splitCommand(line), argv, line);
assert.throws(() => splitCommand('echo "open'), /unclosed quote/);
assert.equal(bytes(0), '–');
assert.equal(bytes(512), '512 B');
assert.equal(bytes(1536), '1.5 KiB');
assert.equal(bytes(256 * 1024 * 1024), '256 MiB');
assert.equal(ms(42), '42 ms');
assert.equal(ms(12345), '12.3 s');
console.error('  ok   lib.js helpers (command splitting, sizes, durations)');
