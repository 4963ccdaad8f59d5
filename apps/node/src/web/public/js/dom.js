// DOM helpers: every value from the server is set as text (textContent, attributes), never as HTML.

const PROPERTIES = new Set([
  'hidden',
  'disabled',
  'checked',
  'selected',
  'required',
  'value',
  'htmlFor',
  'tabIndex',
]);

/** Makes an element: h('a', { href: '#/x', class: 'link' }, 'text', child, [more]). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'on')
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    else if (name === 'for') element.htmlFor = value;
    else if (PROPERTIES.has(name)) element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A definition list of label/value rows; rows with an empty value say "Not recorded". */
export function summaryList(rows) {
  return h(
    'dl',
    { class: 'summary' },
    rows.map(([label, value]) => [
      h('dt', {}, label),
      h('dd', {}, value === undefined || value === null || value === '' ? 'Not recorded' : value),
    ]),
  );
}

/** A table with a caption and column headers; `rows` are arrays of cells (text or nodes). */
export function table(caption, headers, rows, { hideCaption = false } = {}) {
  return h(
    'table',
    {},
    h('caption', { class: hideCaption ? 'visually-hidden' : undefined }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', { scope: 'col' }, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell, index) => (index === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell))),
        ),
      ),
    ),
  );
}

/** Telephone and e-mail as links; "No contact details" when there are none. */
export function contactLinks(contact = {}) {
  const parts = [];
  if (contact.telephone)
    parts.push(
      h(
        'span',
        {},
        'Telephone ',
        h('a', { href: `tel:${contact.telephone.replace(/\s+/g, '')}` }, contact.telephone),
      ),
    );
  if (contact.email)
    parts.push(h('span', {}, 'Email ', h('a', { href: `mailto:${contact.email}` }, contact.email)));
  if (!parts.length) return h('span', {}, 'No contact details');
  return h(
    'span',
    { class: 'contact' },
    parts.flatMap((part, index) => (index ? [h('br'), part] : [part])),
  );
}

/** A notice box; `kind` is '', 'ok' or 'warn'. Status notices are announced politely. */
export function notice(kind, ...children) {
  return h(
    'div',
    { class: `notice ${kind}`.trim(), role: kind === 'warn' ? 'alert' : 'status' },
    ...children,
  );
}
