// Search over a village list as large as any volunteer holds, timed in node:
//
//   node bench/frontend_search.mjs [--households 5000] [--queries 100]
//
// Builds synthetic households (3 members each) with Vietnamese names, addresses, codes and
// phones, builds the folded index once as the list screen does, then times search() for each
// query and prints the median (issue 4's target: 50 ms over 5,000 households on the phone).
// Node on a desktop is faster than a cheap phone; the browser measurement with CPU
// throttling is the one that decides.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import { buildIndex, search, searchHouseholds } from '../static/app/search.js';

const { values: options } = parseArgs({
  options: {
    households: { type: 'string', default: '5000' },
    queries: { type: 'string', default: '100' },
  },
});
const householdCount = Number(options.households);
const queryCount = Number(options.queries);

// A fixed seed, so every run searches the same data.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20260301);
const pick = (list) => list[Math.floor(random() * list.length)];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi',
  'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Quốc', 'Ngọc', 'Xuân', 'Thu'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Giang', 'Hà', 'Hải', 'Hoa', 'Hùng', 'Hương',
  'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Ngân', 'Phúc', 'Phương', 'Quân', 'Sơn', 'Tâm',
  'Thảo', 'Trang', 'Trung', 'Tuấn', 'Việt', 'Yến'];
const HAMLETS = ['Xóm Mới', 'Xóm Đình', 'Xóm Chùa', 'Xóm Bãi', 'Xóm Giữa', 'Ngõ Hậu', 'Đồng Tâm'];
const VILLAGES = ['thôn Đông', 'thôn Đoài', 'thôn Thượng', 'thôn Hạ', 'tổ dân phố 3'];

const name = () => `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
const phone = () => `0${pick('35789')}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;

const households = [];
const members = new Map();
for (let i = 0; i < householdCount; i += 1) {
  const id = `h${i}`;
  const head = name();
  households.push({
    id,
    head_name: head,
    address: `Số ${1 + Math.floor(random() * 200)}, ${pick(HAMLETS)}, ${pick(VILLAGES)}`,
    code: random() < 0.7 ? `HH-${String(i).padStart(5, '0')}` : null,
    phone: random() < 0.6 ? phone() : null,
  });
  members.set(id, [
    { full_name: head, phone: null },
    { full_name: name(), phone: random() < 0.5 ? phone() : null },
    { full_name: name(), phone: null },
  ]);
}

// What volunteers type: unaccented names, whole or partial, an accented name, a hamlet, a
// code, part of a phone, a whole phone spelled with +84, and a word that matches nothing.
const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
const queryMakers = [
  () => fold(pick(households).head_name),
  () => fold(`${pick(FAMILY)} ${pick(GIVEN)}`),
  () => fold(pick(GIVEN)).slice(0, 3),
  () => name(),
  () => fold(pick(HAMLETS)),
  () => `hh-${String(Math.floor(random() * householdCount)).padStart(5, '0')}`,
  () => String(Math.floor(random() * 1e4)).padStart(4, '0'),
  () => {
    const stored = households.find((household) => household.phone)?.phone ?? phone();
    return `+84 ${stored.slice(1, 4)} ${stored.slice(4, 7)} ${stored.slice(7)}`;
  },
  () => 'zzz',
];
const queries = Array.from({ length: queryCount }, (_, i) => queryMakers[i % queryMakers.length]());

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1,
  Math.floor(q * values.length))];

let started = performance.now();
const index = buildIndex(households, members);
const buildMs = performance.now() - started;

const times = [];
let found = 0;
for (const query of queries) {
  started = performance.now();
  found += search(index, query).length;
  times.push(performance.now() - started);
}

// The one-shot form, which folds every household again on each call, for comparison.
const oneShot = [];
for (const query of queries.slice(0, 10)) {
  started = performance.now();
  searchHouseholds(households, members, query);
  oneShot.push(performance.now() - started);
}

const ms = (value) => `${value.toFixed(2)} ms`;
console.log(`node ${process.version}; ${householdCount} households, 3 members each; ${queryCount} queries`);
console.log(`buildIndex once:              ${ms(buildMs)}`);
console.log(`search(index, query): median  ${ms(median(times))}, p95 ${ms(quantile(times, 0.95))}, `
  + `max ${ms(Math.max(...times))} (${(found / queryCount).toFixed(1)} households found per query)`);
console.log(`searchHouseholds, no index:   median ${ms(median(oneShot))} over ${oneShot.length} queries`);
