import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import { formatDate, formatNumber, formatPercent, formatTime, setLanguage } from '../i18n.js';

afterEach(() => setLanguage(null));

test('Vietnamese numbers: dot for thousands, comma for decimals, % with no space', () => {
  setLanguage('vi');
  assert.equal(formatNumber(12345), '12.345');
  assert.equal(formatNumber(1234.5), '1.234,5');
  assert.equal(formatPercent(29.6), '29,6%');
  assert.equal(formatPercent(0), '0,0%');
});

test('English keeps English numbers', () => {
  setLanguage('en');
  assert.equal(formatNumber(12345), '12,345');
  assert.equal(formatPercent(29.6), '29.6%');
});

test('days are written dd/mm/yyyy, times dd/mm/yyyy HH:mm in the phone\'s zone', () => {
  for (const lang of ['vi', 'en']) {
    setLanguage(lang);
    assert.equal(formatDate('2026-03-07'), '07/03/2026');
    const moment = new Date(2026, 2, 7, 9, 5); // local time
    assert.equal(formatDate(moment.toISOString()), '07/03/2026');
    assert.equal(formatTime(moment.toISOString()), '07/03/2026 09:05');
  }
  assert.equal(formatDate(''), '');
  assert.equal(formatTime(null), '');
});
