// Building the screens: elements with text children only, so a name typed on a phone is shown
// and never interpreted (no innerHTML anywhere in the app).

/** el('li', {class: 'row', onclick}, 'text', child...): attributes starting with "on" are
 * listeners, `true` sets a boolean attribute, null/false/undefined leave it out. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/** A link inside the app: the screens are hash routes of /app, so they work offline. */
export function link(route, attributes, ...children) {
  return el('a', { href: `#${route}`, ...attributes }, ...children);
}

// The formats live with the strings, in i18n.js; re-exported for the screens.
export { formatDate, formatNumber, formatPercent, formatTime } from './i18n.js';

/** Today as YYYY-MM-DD in the phone's time zone (the date a volunteer means). */
export function today() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** A labelled field; `errors` are the server's or the form's messages for it. */
export function field(label, input, errors = []) {
  const id = input.id || `f-${input.name}`;
  input.id = id;
  const messages = errors.map((message) => el('span', { class: 'field-error' }, message));
  if (messages.length) input.setAttribute('aria-invalid', 'true');
  return el('div', { class: 'field' }, el('label', { for: id }, label), input, ...messages);
}

/** Ask a yes/no question in a real dialog; resolves to the value of the button pressed. */
export function ask(message, buttons) {
  return new Promise((resolve) => {
    const dialog = el('dialog', { class: 'dialog', 'aria-label': message },
      el('p', {}, message),
      el('div', { class: 'actions' }, ...buttons.map(({ label, value, primary }) => el('button', {
        type: 'button', class: primary ? 'primary' : null,
        onclick: () => { dialog.close(); dialog.remove(); resolve(value); },
      }, label))));
    dialog.addEventListener('cancel', () => { dialog.remove(); resolve(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
