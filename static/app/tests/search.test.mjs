import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildIndex, search } from '../search.js';

const households = [
  { id: 'h1', head_name: 'Nguyễn Văn An', address: 'Xóm Mới, thôn Đông', code: 'TD-012', phone: '0912345678' },
  { id: 'h2', head_name: 'Trần Thị Bình', address: 'Ngõ 3, thôn Đoài', code: 'TD-013', phone: null },
  { id: 'h3', head_name: 'Lê Văn Cường', address: null, code: null, phone: '0352345678' },
];
const members = new Map([
  ['h1', [{ full_name: 'Nguyễn Văn An', phone: null }, { full_name: 'Phạm Thị Hoa', phone: '0987654321' }]],
  ['h2', [{ full_name: 'Đặng Văn Đức', phone: null }]],
]);

function ids(query, byHousehold = members) {
  return search(buildIndex(households, byHousehold), query).map((household) => household.id);
}

/** Every folded word of the query in the folded text, in any order (the text as a head name). */
function matches(query, text) {
  return search(buildIndex([{ id: 'x', head_name: text }]), query).length === 1;
}

test('a plain query finds an accented name', () => {
  assert.ok(matches('nguyen van an', 'Nguyễn Văn An'));
  assert.deepEqual(ids('nguyen van an'), ['h1']);
});

test('case does not matter', () => {
  assert.deepEqual(ids('NGUYỄN VĂN AN'), ['h1']);
  assert.deepEqual(ids('tRaN tHi BiNh'), ['h2']);
});

test('words match in any order', () => {
  assert.ok(matches('an nguyen', 'Nguyễn Văn An'));
  assert.deepEqual(ids('binh tran'), ['h2']);
});

test('every word must appear', () => {
  assert.ok(!matches('nguyen binh', 'Nguyễn Văn An'));
  assert.deepEqual(ids('nguyen binh'), []);
});

test('a partial word matches, for search as you type', () => {
  assert.deepEqual(ids('cuo'), ['h3']);
});

test('đ is found by d', () => {
  assert.deepEqual(ids('dang van duc'), ['h2']);
  assert.deepEqual(ids('doai'), ['h2']);
});

test('NFD input matches NFC text', () => {
  assert.ok(matches('Nguyễn'.normalize('NFD'), 'Nguyễn Văn An'));
});

test("a member's name finds the household", () => {
  assert.deepEqual(ids('pham thi hoa'), ['h1']);
});

test('members may be given as a plain object', () => {
  assert.deepEqual(ids('hoa', { h1: members.get('h1') }), ['h1']);
  assert.deepEqual(ids('hoa', null), []);
});

test('the address is searched', () => {
  assert.deepEqual(ids('xom moi'), ['h1']);
  assert.deepEqual(ids('ngo 3'), ['h2']);
});

test('the household code is searched, with or without its punctuation', () => {
  assert.deepEqual(ids('TD-013'), ['h2']);
  assert.deepEqual(ids('td 012'), ['h1']);
});

test('the phone is searched, whole or in part', () => {
  assert.deepEqual(ids('0352345678'), ['h3']);
  assert.deepEqual(ids('345678'), ['h1', 'h3']);
});

test('a phone typed with spaces, dots or +84 finds the stored number', () => {
  assert.deepEqual(ids('0912 345 678'), ['h1']);
  assert.deepEqual(ids('0912.345.678'), ['h1']);
  assert.deepEqual(ids('+84 912 345 678'), ['h1']);
  assert.deepEqual(ids('912345678'), ['h1']);
});

test("a member's phone finds the household", () => {
  assert.deepEqual(ids('0987654321'), ['h1']);
});

test('a name and a phone together', () => {
  assert.deepEqual(ids('an +84912345678'), ['h1']);
  assert.deepEqual(ids('binh 0912345678'), []);
});

test('an empty or blank query finds every household, in order', () => {
  assert.deepEqual(ids(''), ['h1', 'h2', 'h3']);
  assert.deepEqual(ids('   '), ['h1', 'h2', 'h3']);
  assert.deepEqual(ids(null), ['h1', 'h2', 'h3']);
  assert.ok(matches('', 'anything'));
});

test('punctuation alone in the query is ignored', () => {
  assert.deepEqual(ids('dong ,'), ['h1']);
});

test('the index can be built once and searched many times', () => {
  const index = buildIndex(households, members);
  assert.equal(index.length, 3);
  assert.equal(typeof index[0].key, 'string');
  assert.ok(index[0].key.includes('nguyen van an'));
  assert.deepEqual(search(index, 'thon').map((household) => household.id), ['h1', 'h2']);
  assert.deepEqual(search(index, 'hoa').map((household) => household.id), ['h1']);
});

test('text beyond Vietnamese is searched too', () => {
  assert.ok(matches('οδοσ', 'ΟΔΟΣ 5'));
  assert.ok(matches('straße', 'STRASSE 1'));
  assert.ok(!matches('zzz', 'ΟΔΟΣ 5'));
});
