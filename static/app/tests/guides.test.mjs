import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bundleAddress, clampStep, findGuide, householdPrefix, skillsToTick, svgImage } from '../guides.js';

const install = {
  slug: 'cai-dat-vneid', skills: ['vneid_installed'],
  steps: [{ text: 'Một', image: 'phone' }, { text: 'Hai', image: 'store' }, { text: 'Ba', image: 'check' }],
};
const payment = {
  slug: 'thanh-toan', skills: ['online_payment', 'dvc_login'],
  steps: [{ text: 'Một', image: 'browser' }, { text: 'Hai', image: 'pay' }],
};
const bundle = { guides: [install, payment] };

test('a drawing is shown from its SVG text, escaped into an image address', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><path d="M0 0h9#"/></svg>';
  const address = svgImage(svg);
  assert.ok(address.startsWith('data:image/svg+xml,%3Csvg%20xmlns'));
  assert.ok(!/[<>"# ]/.test(address.slice('data:image/svg+xml,'.length)));
  assert.equal(decodeURIComponent(address.slice('data:image/svg+xml,'.length)), svg);
});

test('a card is found by its slug, and a missing one or bundle is null', () => {
  assert.equal(findGuide(bundle, 'thanh-toan'), payment);
  assert.equal(findGuide(bundle, 'khong-co'), null);
  assert.equal(findGuide(null, 'thanh-toan'), null);
});

test('the citizen mode never leaves the card', () => {
  assert.equal(clampStep(install, -1), 0);
  assert.equal(clampStep(install, 1), 1);
  assert.equal(clampStep(install, 3), 2);
  assert.equal(clampStep(install, Number.NaN), 0);
});

test('finishing a card offers only the skills the person does not have yet', () => {
  assert.deepEqual(skillsToTick(payment, { skills: ['dvc_login', 'vneid_level2'] }), ['online_payment']);
  assert.deepEqual(skillsToTick(payment, { skills: ['dvc_login', 'online_payment'] }), []);
  assert.deepEqual(skillsToTick(install, {}), ['vneid_installed']);
  assert.deepEqual(skillsToTick(install, null), ['vneid_installed']);
});

test('a card opened from a household keeps it in its route', () => {
  assert.equal(householdPrefix('0b7c1d9e-1111-4222-8333-444455556666'), '/h/0b7c1d9e-1111-4222-8333-444455556666');
  assert.equal(householdPrefix(undefined), '');
});

test("the cards are asked for the user's commune, when the session names one", () => {
  assert.equal(bundleAddress({ commune: { code: '10001', name: 'Xã Thử Nghiệm' } }), '/guides.json?commune=10001');
  assert.equal(bundleAddress({ commune: { code: 'a&b' } }), '/guides.json?commune=a%26b');
  assert.equal(bundleAddress(null), '/guides.json');
  assert.equal(bundleAddress({ commune: null }), '/guides.json');
});
