// What JavaScript adds to the server-rendered pages (templates/base.html), which work without it:
// a table that runs past the screen's edge says so above itself, until it is scrolled to its end;
// Escape closes the phone's menu; and on a desk, the menu opens itself where the browser cannot
// show a closed <details>'s content through CSS (no ::details-content).
const WIDE = window.matchMedia('(min-width: 48rem)');
const labels = document.getElementById('page-labels');

function watchTable(scroller) {
  const hint = document.createElement('p');
  hint.className = 'scroll-hint';
  hint.setAttribute('aria-hidden', 'true'); // the region's name already says it scrolls
  hint.textContent = labels?.dataset.scrollMore ?? '';
  hint.hidden = true;
  scroller.before(hint);
  const judge = () => {
    hint.hidden = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1;
  };
  scroller.addEventListener('scroll', judge, { passive: true });
  const observer = new ResizeObserver(judge); // the box, and the table as it reflows
  observer.observe(scroller);
  if (scroller.firstElementChild) observer.observe(scroller.firstElementChild);
  judge();
}

function enhanceMenu() {
  const menu = document.querySelector('[data-menu]');
  if (!menu) return;
  menu.addEventListener('keydown', (event) => { // Escape closes the phone's menu
    if (event.key !== 'Escape' || !menu.open || WIDE.matches) return;
    menu.open = false;
    menu.querySelector('summary').focus();
  });
  if (CSS.supports('selector(::details-content)')) return;
  const follow = () => { menu.open = WIDE.matches; };
  WIDE.addEventListener('change', follow);
  follow();
}

document.querySelectorAll('.table-scroll').forEach(watchTable);
enhanceMenu();
