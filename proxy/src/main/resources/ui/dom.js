// Builds elements from data. Every value becomes a text node or an attribute: nothing from the API is ever
// parsed as HTML, so a package name such as "<img onerror=...>" shows as the text it is.

/** An element: attrs are attributes ("class", "on<event>" handlers, true for a bare attribute); children text or nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of el. */
export function show(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A table with a header row; rows are arrays of cells (text or nodes), or {cells, class, onclick}. */
export function table(headers, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty || 'Nothing to show.');
  return h('table', { class: 'grid' },
    h('thead', null, h('tr', null, headers.map((t) => h('th', null, t)))),
    h('tbody', null, rows.map((row) => {
      const spec = Array.isArray(row) ? { cells: row } : row;
      return h('tr', { class: spec.class }, spec.cells.map((c) => h('td', null, c)));
    })));
}

/** A coloured label for a decision or a status: allow, quarantine, block, pending, approved, rejected, lifted. */
export function badge(value) {
  const text = value === null || value === undefined ? '—' : String(value);
  return h('span', { class: 'badge badge-' + text.toLowerCase().replace(/[^a-z]/g, '') }, text);
}

/** An instant as "2026-12-08 14:03:07Z" (UTC, as the audit trail keeps it). */
export function time(iso) {
  if (!iso) return '—';
  return String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A link inside the UI. */
export function link(hash, ...children) {
  return h('a', { href: hash }, children);
}

/** The hash of a page with query parameters; empty values are left out. */
export function pageHash(page, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') query.set(k, v);
  const q = query.toString();
  return '#/' + page + (q ? '?' + q : '');
}

/** A sentence for the person, in the page's message slot. */
export function notice(kind, text) {
  return h('div', { class: 'notice notice-' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}
