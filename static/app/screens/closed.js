// The one screen of a phone the server refused (403: the account is disabled or the office
// revoked this phone): how many changes wait, the button that saves them to a file, and the
// wipe. Nothing of the replica is read here, so no household can be seen behind it.
import { ask, el } from '../dom.js';
import { t } from '../i18n.js';

/** `reason` is the server's error code; `save()` saves the file and wipes, `wipe()` wipes. */
export function closedScreen({ reason, waiting, save, wipe }) {
  const message = el('p', { class: 'error', role: 'alert' });
  const act = (work) => async () => {
    for (const button of screen.querySelectorAll('button')) button.disabled = true;
    try {
      await work();
    } catch (error) {
      message.textContent = t('wipe.failed');
      for (const button of screen.querySelectorAll('button')) button.disabled = false;
      throw error;
    }
  };
  const discard = async () => {
    const sure = await ask(t('wipe.discard_sure', { n: waiting }), [
      { label: t('wipe.discard', { n: waiting }), value: true },
      { label: t('button.cancel'), value: false, primary: true }]);
    if (sure) await wipe();
  };
  const screen = el('section', { class: 'card narrow', id: 'closed' },
    el('h1', {}, t(reason === 'device_revoked' ? 'wipe.title_revoked' : 'wipe.title_deactivated')),
    el('p', {}, t(reason === 'device_revoked' ? 'wipe.revoked' : 'wipe.deactivated')),
    el('p', { class: 'waiting', 'data-waiting': String(waiting) }, t('wipe.waiting', { n: waiting })),
    el('p', { class: 'muted' }, t('wipe.explain')),
    message,
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', onclick: act(save) }, t('wipe.save')),
      el('button', { type: 'button', class: 'danger', onclick: act(discard) }, t('wipe.discard', { n: waiting }))));
  return screen;
}

/** What the phone shows once wiped. */
export function wipedScreen() {
  return el('section', { class: 'card narrow', id: 'wiped' },
    el('h1', {}, t('wipe.done_title')),
    el('p', {}, t('wipe.done')),
    el('a', { class: 'button', href: '/login' }, t('button.login')));
}
