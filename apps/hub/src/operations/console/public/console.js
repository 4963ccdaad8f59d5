// Hub operators' console: reads the operations API (the browser presents the operator's certificate) and
// draws it. No inline script, no external code: the federation network is closed.
const SVG = 'http://www.w3.org/2000/svg';
const params = new URLSearchParams(location.search);
const REFRESH_SECONDS = Math.min(60, Math.max(2, Number(params.get('refresh')) || 10));

const $ = (id) => document.getElementById(id);

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function ago(iso, now) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function timeCell(iso, now) {
  const cell = document.createElement('td');
  if (!iso) {
    cell.textContent = 'never';
    return cell;
  }
  const time = text('time', ago(iso, now));
  time.dateTime = iso;
  time.title = iso;
  cell.append(time);
  return cell;
}

function ms(value) {
  return value === null || value === undefined ? '–' : `${Math.round(value)} ms`;
}

function certificateCell(certificate) {
  const cell = document.createElement('td');
  const days = certificate.daysLeft === null ? '' : `, ${Math.floor(certificate.daysLeft)} days left`;
  const words = {
    valid: `valid${days}`,
    expiring: `expires soon${days}`,
    expired: 'expired',
    revoked: 'revoked',
    none: 'no certificate',
  }[certificate.state];
  const className = certificate.state === 'valid' ? '' : certificate.state === 'expiring' ? 'warn' : 'bad';
  cell.append(text('span', words, className));
  if (certificate.notAfter) cell.title = `serial ${certificate.serial}, until ${certificate.notAfter}`;
  return cell;
}

/** "Westminster (E09000033)": the name given at enrolment with the code, or the code alone. */
function laLabel(names, code) {
  const name = names.get(code);
  return name ? `${name} (${code})` : code;
}

function namesOf(overview) {
  return new Map(overview.nodes.filter((node) => node.laName).map((node) => [node.laCode, node.laName]));
}

function fillRows(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function renderNodes(overview, now) {
  const rows = overview.nodes.map((node) => {
    const row = document.createElement('tr');
    row.dataset.la = node.laCode;
    const la = document.createElement('th');
    la.scope = 'row';
    if (node.laName) la.append(text('span', node.laName, 'la-name'), ' ');
    la.append(text('span', node.laName ? `(${node.laCode})` : node.laCode, 'la-code'));
    const state = document.createElement('td');
    state.append(text('span', node.state, `state state-${node.state}`));
    const lag = node.index.lagSeconds === null ? '–' : `${node.index.lagSeconds.toFixed(1)} s`;
    const resync = node.index.resyncNeeded ? ' (resync needed)' : '';
    row.append(
      la,
      state,
      timeCell(node.lastSeenAt, now),
      timeCell(node.index.lastSyncAt, now),
      text('td', lag + resync, node.index.resyncNeeded ? 'warn' : ''),
      text('td', String(node.index.entries)),
      certificateCell(node.certificate),
      text('td', `${node.search.routed} / ${node.search.unanswered}`),
      text('td', String(node.search.rateLimited), node.search.rateLimited > 0 ? 'warn' : ''),
    );
    return row;
  });
  if (rows.length === 0) {
    const empty = document.createElement('tr');
    const cell = text('td', 'No node has enrolled yet.');
    cell.colSpan = 9;
    empty.append(cell);
    rows.push(empty);
  }
  fillRows(document.querySelector('#nodes tbody'), rows);
}

function renderSummary(overview) {
  $('count-up').textContent = String(overview.counts.up);
  $('count-late').textContent = String(overview.counts.late);
  $('count-down').textContent = String(overview.counts.down);
  $('bus-state').textContent = overview.bus.indexFeedConnected ? 'connected' : 'not connected';
  const search = overview.search;
  $('search-count').textContent = String(search.searches);
  $('search-latency').textContent = `${ms(search.p50Ms)} / ${ms(search.p99Ms)}`;
  $('search-errors').textContent =
    search.errorRate === null ? '–' : `${(search.errorRate * 100).toFixed(1)} %`;
  const t = overview.thresholds;
  $('thresholds').textContent =
    `A node is late after ${t.lateAfterSeconds} s without a heartbeat or index event, down after ` +
    `${t.downAfterSeconds} s. Certificates warn ${t.certificateWarningDays} days before they expire. ` +
    'An error is a search one of the LAs it was routed to did not answer.';
}

function renderRevoked(overview, now) {
  $('revoked-none').hidden = overview.revoked.length > 0;
  $('revoked').hidden = overview.revoked.length === 0;
  fillRows(
    document.querySelector('#revoked tbody'),
    overview.revoked.map((revoked) => {
      const row = document.createElement('tr');
      row.append(
        text('td', revoked.subject),
        text('td', revoked.serial),
        text('td', revoked.reason),
        timeCell(revoked.revokedAt, now),
      );
      return row;
    }),
  );
}

function renderHandovers(overview, now) {
  const handovers = overview.handovers;
  const names = namesOf(overview);
  $('handovers').hidden = !handovers.available || handovers.items.length === 0;
  $('handovers-summary').textContent = handovers.available
    ? `${handovers.inFlight} in flight, ${handovers.stuck} stuck.`
    : 'Handover figures are not available from this hub yet.';
  fillRows(
    document.querySelector('#handovers tbody'),
    handovers.items.map((item) => {
      const row = document.createElement('tr');
      row.append(
        text('td', item.id),
        text('td', laLabel(names, item.fromLa)),
        text('td', laLabel(names, item.toLa)),
        text('td', item.state),
        timeCell(item.startedAt, now),
        timeCell(item.updatedAt, now),
        text('td', item.stuck ? 'stuck' : 'moving', item.stuck ? 'bad' : ''),
      );
      return row;
    }),
  );
}

function svgElement(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** A small SVG chart: bars or lines over the minutes, a zero line, the maximum and the time span labelled. */
function chart(container, minutes, series, description) {
  const width = 720;
  const height = 180;
  const pad = { left: 48, right: 8, top: 12, bottom: 24 };
  const values = series.flatMap((s) => minutes.map((m) => m[s.key]).filter((v) => v !== null));
  const max = Math.max(1, ...values);
  const x = (i) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, minutes.length);
  const y = (v) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const svg = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': description,
  });
  svg.append(svgElement('line', { x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0), class: 'axis' }));
  svg.append(svgElement('line', { x1: pad.left, x2: pad.left, y1: pad.top, y2: y(0), class: 'axis' }));
  const label = (content, attributes) => {
    const element = svgElement('text', { class: 'label', ...attributes });
    element.textContent = content;
    svg.append(element);
  };
  label(String(Math.round(max)), { x: 4, y: pad.top + 10 });
  label('0', { x: 4, y: y(0) });
  label('60 min ago', { x: pad.left, y: height - 6 });
  label('now', { x: width - pad.right - 28, y: height - 6 });
  const barWidth = Math.max(1, (width - pad.left - pad.right) / Math.max(1, minutes.length) - 2);
  for (const s of series) {
    if (s.kind === 'bar') {
      minutes.forEach((m, i) => {
        if (!m[s.key]) return;
        svg.append(
          svgElement('rect', {
            x: x(i) + 1,
            y: y(m[s.key]),
            width: barWidth,
            height: y(0) - y(m[s.key]),
            class: s.className,
          }),
        );
      });
    } else {
      const points = minutes
        .map((m, i) => (m[s.key] === null ? null : `${x(i) + barWidth / 2},${y(m[s.key])}`))
        .filter((p) => p !== null);
      if (points.length > 0)
        svg.append(svgElement('polyline', { points: points.join(' '), class: s.className }));
    }
  }
  container.replaceChildren(svg);
}

function renderTraffic(traffic) {
  const minutes = traffic.minutes;
  const total = minutes.reduce((sum, m) => sum + m.searches, 0);
  const peak = Math.max(0, ...minutes.map((m) => m.searches));
  chart(
    $('traffic-chart'),
    minutes,
    [{ key: 'searches', kind: 'bar', className: 'bar' }],
    `Searches per minute over the last ${minutes.length} minutes: ${total} in all, at most ${peak} in one minute.`,
  );
  const s = traffic.summary;
  chart(
    $('latency-chart'),
    minutes,
    [
      { key: 'p50Ms', kind: 'line', className: 'p50' },
      { key: 'p99Ms', kind: 'line', className: 'p99' },
    ],
    `Search latency over the last ${minutes.length} minutes: p50 ${ms(s.p50Ms)}, p99 ${ms(s.p99Ms)} overall.`,
  );
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (response.status === 401 || response.status === 403) {
    throw new Error(
      'This console needs a hub operator certificate. Import yours into the browser and reload.',
    );
  }
  if (!response.ok) throw new Error(`The hub answered ${response.status} for ${path}.`);
  return response.json();
}

async function refresh() {
  try {
    const [overview, traffic] = await Promise.all([
      getJson('/api/v1/operations/overview'),
      getJson('/api/v1/operations/traffic?minutes=60'),
    ]);
    const now = Date.parse(overview.generatedAt);
    renderSummary(overview);
    renderNodes(overview, now);
    renderRevoked(overview, now);
    renderHandovers(overview, now);
    renderTraffic(traffic);
    $('problem').hidden = true;
    $('refresh-status').textContent =
      `Updated ${new Date(now).toLocaleTimeString('en-GB')}; refreshes every ${REFRESH_SECONDS} s.`;
  } catch (error) {
    $('problem').textContent = error instanceof Error ? error.message : 'The hub could not be reached.';
    $('problem').hidden = false;
    $('refresh-status').textContent = 'Not updated: see the message below.';
  }
}

void refresh();
setInterval(() => void refresh(), REFRESH_SECONDS * 1000);
