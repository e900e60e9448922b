// The same cases as tests/unit/test_text.py: the phone normalises input as the server does.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cleanText, fold, isValidPhone, normalisePhone } from '../text.js';

test('cleanText makes NFC, trims and collapses spaces', () => {
  const nfd = 'Nguyễn  Văn\tAn'.normalize('NFD');
  assert.notEqual(nfd, nfd.normalize('NFC'));
  assert.equal(cleanText(`  ${nfd} \n`), 'Nguyễn Văn An');
  assert.equal(cleanText('Nguyễn Văn An'), 'Nguyễn Văn An'.normalize('NFC'));
});

test('cleanText keeps null and empties blank', () => {
  assert.equal(cleanText(null), null);
  assert.equal(cleanText(undefined), null);
  assert.equal(cleanText('   '), '');
});

for (const variant of ['THÔN ĐÔNG', 'Thôn Đông', 'thon dong', ' thôn   đông ', 'Thôn Đông'.normalize('NFD')]) {
  test(`fold matches village names whatever their case, accents and form: ${JSON.stringify(variant)}`, () => {
    assert.equal(fold(variant), 'thon dong');
  });
}

test('fold turns d with stroke into d', () => {
  // đ has no Unicode decomposition: stripping combining marks alone would keep it.
  assert.equal('đ'.normalize('NFD'), 'đ');
  assert.equal(fold('Đặng Đình Đạt'), 'dang dinh dat');
});

test('fold lets a plain query find an accented name', () => {
  assert.ok(fold('Hộ ông Nguyễn Văn An, xóm Mới').includes(fold('nguyen van an')));
});

test('fold of nothing is empty', () => {
  assert.equal(fold(null), '');
  assert.equal(fold(undefined), '');
});

test('fold case-folds like Python casefold, not only lower-cases', () => {
  assert.equal(fold('Straße'), 'strasse');
  assert.equal(fold('ΟΔΟΣ'), 'οδοσ');
});

test('fold keeps marks of combining class 0, as Python does', () => {
  // U+093F DEVANAGARI VOWEL SIGN I is a mark but not a combining one.
  assert.equal(fold('कि'), 'कि');
});

const validPhones = [
  ['0912345678', '0912345678'],
  ['0912 345 678', '0912345678'],
  ['0912.345.678', '0912345678'],
  ['091-234-5678', '0912345678'],
  ['+84 912 345 678', '0912345678'],
  ['+84912345678', '0912345678'],
  ['84912345678', '0912345678'],
  ['912345678', '0912345678'], // the leading zero Excel dropped
  ['352345678', '0352345678'],
  ['02203123456', '02203123456'], // landline
  ['+84 220 3123 456', '02203123456'],
];
for (const [raw, expected] of validPhones) {
  test(`normalisePhone gives a valid ten or eleven digit number: ${raw}`, () => {
    assert.equal(normalisePhone(raw), expected);
    assert.ok(isValidPhone(normalisePhone(raw)));
  });
}

for (const raw of ['12345', '0912-ABC-789', '+1 555 0100', '09123456789012', '0123456789', '0612345678',
  '212345678', '0212345678']) {
  test(`invalid phone is recognised: ${raw}`, () => {
    assert.ok(!isValidPhone(normalisePhone(raw)));
  });
}

test('empty phone is null', () => {
  assert.equal(normalisePhone('  '), null);
  assert.equal(normalisePhone(null), null);
  assert.ok(!isValidPhone(null));
});

test('cleanText drops invisible and unstorable characters', () => {
  assert.equal(cleanText('An\x00h\u200b Ba\ud800'), 'Anh Ba');
});

test('cleanText keeps a well-formed surrogate pair', () => {
  assert.equal(cleanText('An 😀'), 'An 😀');
});

test('cleanText collapses U+0085, which Python counts as whitespace', () => {
  assert.equal(cleanText('An\x85Ba'), 'An Ba');
});

for (const raw of ['+84 0912 345 678', '０９１２３４５６７８']) {
  test(`odd but honest phone spellings are repaired: ${raw}`, () => {
    assert.equal(normalisePhone(raw), '0912345678');
  });
}

test('digits of other scripts are not valid phone digits', () => {
  assert.ok(!isValidPhone(normalisePhone('09१२३४५६७८')));
});

test('cleanText drops bidirectional controls (U+202A-U+202E, U+2066-U+2069)', () => {
  for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
    const mark = String.fromCharCode(code);
    assert.equal(cleanText(`Nguyễn${mark} Văn ${mark}An`), 'Nguyễn Văn An');
  }
});
