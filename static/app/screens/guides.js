// Guide cards for citizens: the list, a card (shared by QR code or link), the "show to the
// citizen" mode (full screen, one step at a time, big buttons) and, for a card opened from a
// household, what finishing it offers: tick its skills on a member, record the visit's topics.
import { byIndex, get, getMeta } from '../db.js';
import { el, link } from '../dom.js';
import {
  bundleAddress, clampStep, findGuide, householdPrefix, loadGuides as loadKept, refreshGuides as refreshKept,
  skillsToTick, svgImage,
} from '../guides.js';
import { t } from '../i18n.js';
import { setSkill } from '../ops.js';

// The cards of the user's commune (their QR codes and links carry its code).
const address = async () => bundleAddress(await getMeta('session').catch(() => null));
export const refreshGuides = async () => refreshKept(await address());
const loadGuides = async () => loadKept(await address());

const missing = () => el('p', { class: 'card' }, t('guides.none'));
const art = (svg, size) => el('img', { src: svgImage(svg), alt: '', width: size, height: size });
async function guideOf(slug) { // the card, with its drawings' SVG text in place of their names
  const bundle = await loadGuides();
  const guide = findGuide(bundle, slug);
  return guide && { ...guide, steps: guide.steps.map((step) => ({ ...step, image: bundle.images[step.image] })) };
}
const fullscreen = () => document.documentElement.requestFullscreen?.().catch(() => {});
const exitFullscreen = () => document.fullscreenElement && document.exitFullscreen().catch(() => {});

export async function guidesScreen({ householdId }) {
  const [bundle, household] = await Promise.all([loadGuides(), householdId && get('households', householdId)]);
  if (!bundle) return missing();
  const prefix = householdPrefix(householdId);
  return el('section', { class: 'card' },
    household ? el('p', { class: 'crumbs' }, link(`/h/${householdId}`, {}, household.head_name)) : null,
    el('h1', {}, t('guides.title')),
    el('ul', { class: 'rows' }, ...bundle.guides.map((guide) => el('li', {},
      link(`${prefix}/g/${guide.slug}`, { class: 'row' }, el('strong', {}, guide.title),
        el('span', { class: 'muted' }, t('guides.steps', { n: guide.steps.length })))))));
}

export async function guideScreen({ householdId, slug }, { notice }) {
  const guide = await guideOf(slug);
  if (!guide) return missing();
  const prefix = householdPrefix(householdId);
  const qr = el('figure', { class: 'guide-qr', hidden: true },
    el('img', { src: svgImage(guide.qr), alt: t('guides.qr_alt', { title: guide.title }), width: 240, height: 240 }),
    el('figcaption', {}, guide.url));
  const qrButton = el('button', { type: 'button', 'aria-expanded': 'false', onclick: () => {
    qr.hidden = !qr.hidden;
    qrButton.setAttribute('aria-expanded', String(!qr.hidden));
  } }, t('guides.qr'));
  async function share() {
    try {
      if (navigator.share) return await navigator.share({ title: guide.title, url: guide.url });
      await navigator.clipboard.writeText(guide.url);
      notice(t('guides.copied'));
    } catch (error) {
      if (error.name !== 'AbortError') qr.hidden = false; // nothing to send with: the link is there to read
    }
  }
  return el('section', {},
    el('div', { class: 'card' },
      el('p', { class: 'crumbs' }, link(`${prefix}/guides`, {}, t('guides.title'))),
      el('h1', {}, guide.title),
      link(`${prefix}/g/${slug}/show`, { class: 'button primary', onclick: fullscreen }, t('guides.show')),
      el('div', { class: 'actions' }, qrButton, el('button', { type: 'button', onclick: share }, t('guides.share'))),
      qr),
    el('ol', { class: 'card guide-steps' }, ...guide.steps.map((step) => el('li', {}, art(step.image, 72), el('p', {}, step.text)))));
}

export async function showScreen({ householdId, slug }, { go }) {
  const guide = await guideOf(slug);
  if (!guide) return missing();
  const card = `${householdPrefix(householdId)}/g/${slug}`;
  const last = guide.steps.length - 1;
  let at = 0;
  const picture = art(guide.steps[0].image, 160);
  const counter = el('p', { class: 'citizen-count' });
  const text = el('p', { class: 'citizen-text', 'aria-live': 'polite' });
  const back = el('button', { type: 'button', onclick: () => show(at - 1) }, t('guides.previous'));
  const next = el('button', { type: 'button', class: 'primary',
    onclick: () => (at === last ? go(householdId ? `${card}/taught` : card) : show(at + 1)) });
  function show(step) {
    at = clampStep(guide, step);
    picture.src = svgImage(guide.steps[at].image);
    text.textContent = guide.steps[at].text;
    counter.textContent = t('guides.step', { n: at + 1, total: last + 1 });
    back.disabled = at === 0;
    next.textContent = t(at === last ? 'guides.done' : 'guides.next');
  }
  show(0);
  window.addEventListener('hashchange', exitFullscreen, { once: true });
  return el('section', { class: 'citizen' },
    el('div', { class: 'citizen-top' }, el('h1', {}, guide.title),
      link(card, { class: 'button small' }, t('guides.close'))),
    counter, picture, text, el('div', { class: 'citizen-nav' }, back, next));
}

export async function taughtScreen({ householdId, slug }, { go, notice }) {
  const [guide, household, members] = await Promise.all([guideOf(slug), get('households', householdId),
    byIndex('members', 'household_id', householdId)]);
  if (!guide || !household) return missing();
  const home = `/h/${householdId}`;
  const visit = `${home}/visit/${guide.skills.join(',')}`; // the visit form, its topics ticked
  const people = household.consent === 'declined' ? []
    : members.filter((member) => !member.deleted).sort((a, b) => Number(b.is_head ?? false) - Number(a.is_head ?? false));
  const boxes = guide.skills.map((skill) => el('input', { type: 'checkbox', name: 'skill', value: skill, checked: true }));
  const problem = el('p', { class: 'field-error', role: 'alert' });
  function choose(member) { // a skill the person has already stays ticked, and cannot be unticked here
    const open = new Set(skillsToTick(guide, member));
    for (const box of boxes) Object.assign(box, { checked: true, disabled: !open.has(box.value) });
  }
  async function save(then) {
    const id = form.querySelector('input[name=member]:checked')?.value;
    const member = id && await get('members', id);
    if (!member) {
      problem.textContent = t('guides.choose_member');
      return;
    }
    const skills = boxes.filter((box) => box.checked && !box.disabled).map((box) => box.value);
    for (const skill of skills) await setSkill(await get('members', id), skill, true); // each tick reads the last
    notice(t('guides.skills_saved', { n: skills.length, name: member.full_name }));
    go(then);
  }
  const form = el('form', { class: 'card', onsubmit: (event) => { event.preventDefault(); save(visit); } },
    el('h1', {}, t('guides.taught_title')),
    el('p', { class: 'muted' }, guide.title, ' · ', household.head_name),
    ...(people.length ? [
      el('fieldset', { class: 'toggles' }, el('legend', {}, t('guides.who')), ...people.map((member) =>
        el('label', { class: 'toggle' }, el('input', { type: 'radio', name: 'member', value: member.id,
          checked: people.length === 1, onchange: () => choose(member) }), member.full_name))),
      el('fieldset', { class: 'toggles' }, el('legend', {}, t('guides.skills')),
        ...boxes.map((box) => el('label', { class: 'toggle' }, box, t(`skill.${box.value}`)))),
      problem,
      el('button', { type: 'submit', class: 'primary' }, t('guides.save_and_visit')),
      el('button', { type: 'button', class: 'wide', onclick: () => save(home) }, t('guides.save_skills')),
    ] : [el('p', {}, t('guides.no_members')), link(visit, { class: 'button primary' }, t('guides.record_visit'))]),
    link(home, { class: 'button wide' }, t('guides.skip')));
  if (people.length === 1) choose(people[0]);
  return form;
}
