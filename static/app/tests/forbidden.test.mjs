// The phone refuses the same free text as the server: both pass the shared vectors
// (tests/unit/test_forbidden_text.py reads the same file).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { forbiddenKind } from '../forbidden.js';

const vectors = JSON.parse(readFileSync(new URL('../../../tests/data/forbidden_text_vectors.json', import.meta.url), 'utf8'));

for (const { text, kind } of vectors.cases) {
  test(`${kind ?? 'passes'}: ${text}`, () => {
    assert.equal(forbiddenKind(text), kind);
  });
}

test('empty text holds nothing forbidden', () => {
  assert.equal(forbiddenKind(''), null);
  assert.equal(forbiddenKind(null), null);
});
