import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import { DEFAULT_RULE } from '../coverage.js';
import en from '../i18n/en.js';
import vi from '../i18n/vi.js';
import { language, loadLanguage, setLanguage, t } from '../i18n.js';

const SKILLS = ['vneid_installed', 'vneid_level2', 'vneid_login', 'dvc_login', 'dvc_submit',
  'online_payment', 'rating', 'cyber_safety', 'digital_signature'];
const BARRIERS = ['no_smartphone', 'no_chip_id', 'level2_pending', 'forgot_credentials',
  'elderly_or_disabled', 'low_literacy', 'no_signal', 'away_for_work', 'not_interested'];
const STATUSES = ['unvisited', 'not_home', 'refused', 'in_progress', 'covered', 'inactive'];
const OUTCOMES = ['met', 'not_home', 'refused'];

await loadLanguage('vi');
await loadLanguage('en');
afterEach(() => setLanguage(null));

test('Vietnamese is the default when there is no page', () => {
  assert.equal(language(), 'vi');
  assert.equal(t('app.name'), 'Tổ công nghệ số');
  assert.equal(t('status.covered'), 'Đã đạt');
});

test('the count is put into the string', () => {
  assert.equal(t('sync.pending', { n: 3 }), 'Chờ gửi: 3');
  setLanguage('en');
  assert.equal(t('sync.pending', { n: 0 }), 'Waiting to send: 0');
});

test('a missing parameter leaves its placeholder visible', () => {
  assert.equal(t('sync.pending'), 'Chờ gửi: {n}');
});

test('a regional or unknown language falls back sensibly', () => {
  setLanguage('en-GB');
  assert.equal(t('button.save'), 'Save');
  setLanguage('fr');
  assert.equal(t('button.save'), 'Lưu');
});

test('an unknown key shows itself', () => {
  assert.equal(t('no.such.key'), 'no.such.key');
});

test('both languages have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  for (const catalog of [vi, en]) {
    for (const [key, text] of Object.entries(catalog)) assert.ok(text.trim(), key);
  }
});

test('every skill, barrier, status and outcome of DOMAIN.md has a label', () => {
  const keys = [
    ...SKILLS.map((k) => `skill.${k}`), ...BARRIERS.map((k) => `barrier.${k}`),
    ...STATUSES.map((k) => `status.${k}`), ...OUTCOMES.map((k) => `outcome.${k}`),
  ];
  for (const key of keys) assert.ok(key in vi, key);
  for (const skill of DEFAULT_RULE) assert.ok(SKILLS.includes(skill), skill);
});

test('labels are the ones the brief and DOMAIN.md give', () => {
  assert.equal(vi['sync.online'], 'Đang có mạng');
  assert.equal(vi['sync.offline'], 'Mất mạng');
  assert.deepEqual(STATUSES.map((k) => vi[`status.${k}`]),
    ['Chưa đến', 'Vắng nhà', 'Từ chối', 'Đang hướng dẫn', 'Đã đạt', 'Không còn hoạt động']);
  assert.equal(vi['outcome.met'], 'Gặp được');
  assert.equal(vi['skill.vneid_level2'], 'Đã kích hoạt tài khoản định danh mức 2');
  assert.equal(vi['barrier.level2_pending'], 'Chưa được duyệt định danh mức 2 (cần đến Công an xã)');
  assert.equal(vi['button.cancel'], 'Hủy');
});

test('a visit topic is a lesson, named apart from the skill it teaches', () => {
  for (const catalog of [vi, en]) {
    for (const key of [...SKILLS, 'materials']) {
      assert.ok(catalog[`topic.${key}`], `topic.${key}`);
      assert.notEqual(catalog[`topic.${key}`], catalog[`skill.${key}`]);
    }
  }
  assert.equal(vi['topic.vneid_installed'], 'Hướng dẫn cài VNeID');
});

test('each language is loaded on its own: English strings wait for English to be loaded', async () => {
  const fresh = await import(`../i18n.js?fresh=${Date.now()}`); // a module instance with nothing loaded
  fresh.setLanguage('en');
  assert.equal(fresh.t('button.save'), 'button.save');
  assert.equal(await fresh.loadLanguage(), en);
  assert.equal(fresh.t('button.save'), 'Save');
});
