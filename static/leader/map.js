// The leader's coverage map: households as points coloured by status (clustered when many),
// villages with their covered share, filters, a tap for a household's summary. Leaflet and
// Leaflet.markercluster are classic scripts (global L) loaded before this module runs.
/* global L */
import { formatDate, formatPercent } from '../app/i18n.js';

const COLOURS = {
  unvisited: '#4a5560', not_home: '#b07800', refused: '#b3261e', in_progress: '#1f5fa8', covered: '#0b6e4f',
  inactive: '#9aa3ab',
};
const mapElement = document.getElementById('map');
const labels = document.getElementById('labels');
const summary = document.getElementById('map-summary');
const filters = document.getElementById('map-filters');

function label(name, params = {}) {
  const text = labels.getAttribute(`data-${name}`) ?? name;
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function baseLayer(map) {
  const note = document.getElementById('map-note');
  let loaded = 0;
  let failed = 0;
  const tiles = L.tileLayer(mapElement.dataset.tiles, { maxZoom: 19, attribution: mapElement.dataset.attribution });
  const judge = () => { note.hidden = loaded > 0 || failed === 0; };
  tiles.on('tileload', () => { loaded += 1; judge(); });
  tiles.on('tileerror', () => { failed += 1; judge(); });
  if (!navigator.onLine) note.hidden = false;
  tiles.addTo(map);
}

async function householdSummary(id) {
  const response = await fetch(`${mapElement.dataset.householdUrl}${id}`, { credentials: 'same-origin' });
  if (!response.ok) return el('p', null, label('failed'));
  const household = await response.json();
  const lastVisit = household.visits.map((visit) => visit.visited_at).sort().pop();
  return el('div', 'popup',
    el('strong', null, household.head_name),
    household.address ? el('div', null, household.address) : null,
    el('div', `status-${household.status}`, label(`status-${household.status}`)),
    el('div', null, label('members', { n: household.members.filter((member) => !member.deleted).length })),
    lastVisit ? el('div', null, label('last-visit', { date: formatDate(lastVisit) })) : null);
}

function villageIcon(village) {
  return L.divIcon({
    className: 'village-marker',
    html: `<span>${formatPercent(Number(village.covered_pct))}</span>`, // a number only: nothing typed by a user
    iconSize: [52, 28],
  });
}

function showUnplaced(data, villageNames) {
  document.getElementById('unplaced-count').textContent = String(data.without_position);
  document.getElementById('unplaced').replaceChildren(...data.unplaced.map((household) => el('li', 'row',
    el('strong', null, household.head_name),
    el('span', 'muted', [household.address, villageNames.get(household.village_id)].filter(Boolean).join(' · ')),
    el('span', `chip status-${household.status}`, label(`status-${household.status}`)))));
}

async function start() {
  // On a phone the zoom buttons go to the bottom corner, within the thumb's reach.
  const narrow = !window.matchMedia('(min-width: 48rem)').matches;
  const map = L.map(mapElement, { preferCanvas: true, zoomControl: false });
  L.control.zoom({ position: narrow ? 'bottomright' : 'topleft' }).addTo(map);
  map.attributionControl.setPrefix('Leaflet'); // the default prefix carries a national flag
  baseLayer(map);
  summary.textContent = label('loading');
  const response = await fetch(mapElement.dataset.pointsUrl, { credentials: 'same-origin' }).catch(() => null);
  if (!response?.ok) {
    summary.textContent = label('failed');
    map.setView([16, 106], 5);
    return;
  }
  const data = await response.json();
  const villageNames = new Map(data.villages.map((village) => [village.id, village.name]));
  const clusters = L.markerClusterGroup({ disableClusteringAtZoom: 18, chunkedLoading: true });
  const villages = L.layerGroup();
  map.addLayer(clusters);
  map.addLayer(villages);

  function draw(fit) {
    const form = new FormData(filters);
    const statuses = new Set(form.getAll('status'));
    const village = Number(form.get('village')) || null;
    const markers = [];
    for (const [id, lat, lon, status, villageId] of data.points) {
      const name = data.statuses[status];
      if (!statuses.has(name) || (village && villageId !== village)) continue;
      const marker = L.circleMarker([lat, lon], {
        radius: 7, color: '#fff', weight: 1.5, fillColor: COLOURS[name], fillOpacity: 0.95,
      });
      marker.bindPopup(() => {
        const holder = el('div', null, label('loading'));
        householdSummary(id).then((content) => holder.replaceChildren(content));
        return holder;
      });
      markers.push(marker);
    }
    clusters.clearLayers();
    clusters.addLayers(markers);
    villages.clearLayers();
    for (const row of data.villages) {
      if (row.lat == null || row.lon == null || (village && row.id !== village)) continue;
      L.marker([row.lat, row.lon], { icon: villageIcon(row), title: `${row.name}: ${formatPercent(row.covered_pct)}`, keyboard: true })
        .bindTooltip(el('span', null, row.name)).addTo(villages); // a node, never HTML
    }
    summary.textContent = label('shown', { n: markers.length });
    if (fit) {
      const bounds = L.latLngBounds(markers.map((marker) => marker.getLatLng()));
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
      else map.setView([16, 106], 5);
    }
  }
  filters.addEventListener('change', (event) => draw(event.target.name === 'village'));
  draw(true);
  showUnplaced(data, villageNames);
}

window.addEventListener('load', start); // after the deferred Leaflet scripts
