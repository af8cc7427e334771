// The pages of the review UI. Each takes the page's parameters and the element to fill, reads the admin API and
// renders with dom.js, which never parses data as HTML.

import { api, ApiError, session } from './api.js';
import { dailyChart } from './chart.js';
import { badge, h, link, notice, pageHash, show, table, time } from './dom.js';

const ECOSYSTEMS = [['', 'any ecosystem'], ['npm', 'npm'], ['pypi', 'PyPI'], ['maven', 'Maven']];
const PAGE = 50;

function select(name, options, value, label) {
  return h('select', { name, 'aria-label': label },
    options.map(([v, text]) => h('option', { value: v, selected: v === (value || '') }, text)));
}

function field(label, control) {
  return h('label', { class: 'field' }, h('span', null, label), control);
}

function failure(error) {
  if (error instanceof ApiError) return notice('error', `${error.status}: ${error.message}`);
  return notice('error', 'Gatehouse did not answer: ' + error.message);
}

function packageHash(ecosystem, name) {
  return pageHash('package', { ecosystem, package: name });
}

function entryHash(id) {
  return '#/entry/' + encodeURIComponent(id);
}

// ---- overview ----------------------------------------------------------------------------------------------------

export async function overview(params, main) {
  show(main, h('h1', null, 'Overview'), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const [stats, pending] = await Promise.all([
      api('stats/daily', { query: { days: 14 } }),
      api('quarantine', { query: { status: 'pending', limit: 10 } }),
    ]);
    const days = stats.days;
    const sum = (key) => days.reduce((n, d) => n + d[key], 0);
    const last = days[days.length - 1] || { open: 0 };
    show(main,
      h('h1', null, 'Overview'),
      h('div', { class: 'tiles' },
        tile('Open for review', last.open, 'quarantine', pageHash('queue', { status: 'pending' })),
        tile('Downloads, 14 days', sum('downloads'), 'allow'),
        tile('Refusals, 14 days', sum('refusals'), 'block'),
        tile('Quarantined, 14 days', sum('quarantined'), 'quarantine')),
      h('section', { class: 'panel' },
        h('h2', null, 'Last 14 days (UTC)'),
        h('div', { class: 'legend' },
          h('span', { class: 'key key-downloads' }, 'downloads'), h('span', { class: 'key key-refusals' }, 'refusals'),
          h('span', { class: 'key key-open' }, 'open entries at day end')),
        dailyChart(days)),
      h('section', { class: 'panel' },
        h('h2', null, 'Waiting for review'),
        queueTable(pending.entries, 'No package is waiting for review.')));
  } catch (error) {
    show(main, h('h1', null, 'Overview'), failure(error));
  }
}

function tile(label, value, kind, hash) {
  const body = [h('div', { class: 'tile-value' }, String(value)), h('div', { class: 'tile-label' }, label)];
  return hash ? h('a', { class: 'tile tile-' + kind, href: hash }, body) : h('div', { class: 'tile tile-' + kind }, body);
}

// ---- quarantine queue --------------------------------------------------------------------------------------------

function queueTable(entries, empty) {
  return table(['Held since', 'Status', 'Ecosystem', 'Package', 'Version', 'Rule', 'Main finding'],
    entries.map((e) => ({
      class: 'row-' + e.status,
      cells: [time(e.createdAt), badge(e.status), e.ecosystem,
        link(entryHash(e.id), e.package), link(entryHash(e.id), e.version), h('code', null, e.rule),
        h('span', { class: 'clip' }, (e.findingsSummary && e.findingsSummary[0]) || (e.reasons && e.reasons[0]) || '')],
    })), empty);
}

export async function queue(params, main) {
  const status = params.get('status') ?? 'pending';
  const offset = Number(params.get('offset') || 0);
  const filters = { status: status === 'all' ? '' : status, ecosystem: params.get('ecosystem') || '',
    package: params.get('package') || '' };
  const form = h('form', { class: 'filters', autocomplete: 'off' },
    field('Status', select('status', [['pending', 'pending'], ['approved', 'approved'], ['rejected', 'rejected'],
      ['lifted', 'lifted (allowed since)'],
      ['all', 'all']], status, 'Status')),
    field('Ecosystem', select('ecosystem', ECOSYSTEMS, filters.ecosystem, 'Ecosystem')),
    field('Package contains', h('input', { name: 'package', value: filters.package, maxlength: 300 })),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = pageHash('queue', { status: data.get('status'), ecosystem: data.get('ecosystem'),
      package: data.get('package').trim() });
  });
  const results = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  show(main, h('h1', null, 'Quarantine queue'), form, results);
  try {
    const page = await api('quarantine', { query: { ...filters, limit: PAGE, offset } });
    const more = page.entries.length === PAGE;
    show(results, queueTable(page.entries, 'No entry matches these filters.'),
      h('div', { class: 'pager' },
        offset > 0 ? link(pageHash('queue', { ...Object.fromEntries(params), offset: Math.max(0, offset - PAGE) }),
          '← Newer') : null,
        more ? link(pageHash('queue', { ...Object.fromEntries(params), offset: offset + PAGE }), 'Older →') : null));
  } catch (error) {
    show(results, failure(error));
  }
}

// ---- one entry ---------------------------------------------------------------------------------------------------

/** The package's page on the public registry; a private upstream may hold other bytes under the same name. */
function publicPage(e) {
  const name = e.package;
  if (e.ecosystem === 'npm') {
    return `https://www.npmjs.com/package/${name.split('/').map(encodeURIComponent).join('/')}/v/${encodeURIComponent(e.version)}`;
  }
  if (e.ecosystem === 'pypi') return `https://pypi.org/project/${encodeURIComponent(name)}/${encodeURIComponent(e.version)}/`;
  if (e.ecosystem === 'maven' && name.includes(':')) {
    const [group, artifact] = name.split(':');
    return `https://central.sonatype.com/artifact/${encodeURIComponent(group)}/${encodeURIComponent(artifact)}/${encodeURIComponent(e.version)}`;
  }
  return null;
}

export async function entry(params, main, id) {
  show(main, h('p', { class: 'muted' }, 'Loading…'));
  let e;
  try {
    e = await api('quarantine/' + encodeURIComponent(id));
  } catch (error) {
    show(main, h('h1', null, 'Quarantine entry'), failure(error));
    return;
  }
  const upstream = publicPage(e);
  const message = h('div', { class: 'messages' });
  const earlier = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  show(main,
    h('p', { class: 'crumbs' }, link(pageHash('queue', {}), 'Quarantine'), ' / ', e.id),
    h('h1', null, h('span', { class: 'pkg' }, e.package), h('span', { class: 'ver' }, '@' + e.version), ' ',
      badge(e.status)),
    message,
    h('section', { class: 'panel' },
      h('dl', { class: 'facts' },
        fact('Ecosystem', e.ecosystem),
        fact('Package', link(packageHash(e.ecosystem, e.package), e.package)),
        fact('Version', e.version),
        fact('File', h('code', null, e.file)),
        fact('SHA-256', h('code', { class: 'digest' }, e.sha256)),
        fact('Rule', h('code', null, e.rule)),
        fact('Reasons', h('ul', { class: 'plain' }, (e.reasons || []).map((r) => h('li', null, r)))),
        fact('Held since', time(e.createdAt)),
        fact('Entry id', h('code', null, e.id)),
        upstream ? fact('Public registry', h('a', { href: upstream, rel: 'noopener noreferrer', target: '_blank' },
          upstream)) : null,
        e.review ? fact('Review', `${e.status} by ${e.review.reviewer} at ${time(e.review.at)}: ${e.review.reason}`)
          : null)),
    e.status === 'pending' ? decision(e, message) : null,
    h('section', { class: 'panel' },
      h('h2', null, `Findings (${(e.findings || []).length})`),
      findingsTable(e.findings || [], e.findingsSummary || [])),
    h('section', { class: 'panel' },
      h('h2', null, 'Who downloaded other versions of ' + e.package), earlier));
  try {
    const audit = await api('audit', { query: { ecosystem: e.ecosystem, package: e.package, limit: 500 } });
    const rows = audit.events.filter((a) => a.version && a.version !== e.version && a.status >= 200 && a.status < 300
      && a.decision);
    show(earlier, table(['Time', 'Version', 'File', 'User', 'Client'],
      rows.map((a) => [time(a.time), a.version, h('code', null, a.file || ''), a.user || 'anonymous', a.client]),
      'Nobody downloaded another version of this package through Gatehouse (last 500 requests).'));
  } catch (error) {
    show(earlier, failure(error));
  }
}

function fact(term, value) {
  return [h('dt', null, term), h('dd', null, value)];
}

function findingsTable(findings, summary) {
  if (findings.length === 0) {
    return h('ul', { class: 'plain' }, summary.map((s) => h('li', null, s)));
  }
  return table(['Severity', 'Trigger', 'Capabilities', 'File', 'Line / member', 'Evidence'],
    findings.map((f) => ({
      class: 'sev-' + f.severity,
      cells: [badge(f.severity), f.type === 'code' ? f.trigger : 'archive: ' + f.problem,
        (f.capabilities || []).join(', ') || '—', h('code', null, f.path || ''), h('code', null, f.location || ''),
        h('div', null, h('div', { class: 'summary' }, f.summary), f.evidence ? h('pre', { class: 'evidence' }, f.evidence)
          : null)],
    })));
}

function decision(e, message) {
  if (session.role() === 'reader') {
    return h('section', { class: 'panel decide' }, h('h2', null, 'Decision'),
      h('p', { class: 'muted' }, 'Your token is a reader\'s: a reviewer or an admin approves or rejects this entry.'));
  }
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 2000, required: true,
    placeholder: 'Why? Recorded with your name in the audit trail, e.g. "reviewed build.js: compiles the addon only"' });
  reason.addEventListener('input', () => show(message));
  const approve = h('button', { type: 'button', class: 'approve' }, 'Approve');
  const reject = h('button', { type: 'button', class: 'reject' }, 'Reject');
  const decide = async (action) => {
    const text = reason.value.trim();
    if (!text) {
      show(message, notice('error', `Give a reason to ${action} ${e.package}@${e.version}.`));
      reason.focus();
      return;
    }
    approve.disabled = reject.disabled = true;
    try {
      const result = await api(`quarantine/${encodeURIComponent(e.id)}/${action}`, { method: 'POST', body: { reason: text } });
      sessionStorage.setItem('gatehouse.flash', result && result.message ? result.message
        : `${action === 'approve' ? 'Approved' : 'Rejected'} ${e.package}@${e.version}.`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      approve.disabled = reject.disabled = false;
      show(message, failure(error));
    }
  };
  approve.addEventListener('click', () => decide('approve'));
  reject.addEventListener('click', () => decide('reject'));
  return h('section', { class: 'panel decide' },
    h('h2', null, 'Decision'),
    field('Reason', reason),
    h('div', { class: 'actions' }, approve, reject,
      h('span', { class: 'muted' }, 'Approving serves exactly these bytes with these findings; rejecting keeps them refused.')));
}

// ---- audit -------------------------------------------------------------------------------------------------------

const AUDIT_FILTERS = ['from', 'to', 'ecosystem', 'package', 'version', 'decision', 'user', 'client'];

export async function audit(params, main) {
  const filters = {};
  for (const key of AUDIT_FILTERS) if (params.get(key)) filters[key] = params.get(key);
  const text = (name, label, attrs) => field(label, h('input', { name, value: filters[name] || '', maxlength: 300, ...attrs }));
  const form = h('form', { class: 'filters', autocomplete: 'off' },
    text('from', 'From', { type: 'date' }), text('to', 'To (excl.)', { type: 'date' }),
    field('Ecosystem', select('ecosystem', ECOSYSTEMS, filters.ecosystem, 'Ecosystem')),
    text('package', 'Package'), text('version', 'Version'),
    field('Decision', select('decision', [['', 'any'], ['allow', 'allow'], ['quarantine', 'quarantine'],
      ['block', 'block']], filters.decision, 'Decision')),
    text('user', 'User'), text('client', 'Client'),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    for (const k of Object.keys(data)) data[k] = String(data[k]).trim();
    location.hash = pageHash('audit', data);
  });
  const query = { ...filters };
  for (const k of ['from', 'to']) if (query[k] && /^\d{4}-\d{2}-\d{2}$/.test(query[k])) query[k] += 'T00:00:00Z';
  const message = h('div', { class: 'messages' });
  const results = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const exports = h('div', { class: 'exports' }, 'Export these filters: ',
    exportButton('CSV', 'csv', query, message), ' ', exportButton('JSON Lines', 'jsonl', query, message));
  show(main, h('h1', null, 'Audit trail'), form, exports, message, results);
  try {
    const page = await api('audit', { query: { ...query, cursor: params.get('cursor') || '', limit: 100 } });
    show(results, table(['Time', 'Decision', 'Status', 'Ecosystem', 'Package', 'Version', 'File', 'User', 'Client',
      'Request id'], page.events.map((a) => ({
      class: a.status === 403 ? 'row-refused' : null,
      cells: [time(a.time), a.decision ? badge(a.decision) : '—', String(a.status), a.ecosystem,
        a.package ? link(packageHash(a.ecosystem, a.package), a.package) : '—', a.version || '—',
        h('code', null, a.file || ''), a.user || 'anonymous', a.client, h('code', { class: 'muted' }, a.requestId)],
    })), 'No request matches these filters.'),
    h('div', { class: 'pager' }, page.nextCursor
      ? link(pageHash('audit', { ...filters, cursor: page.nextCursor }), 'Older →') : null));
  } catch (error) {
    show(results, failure(error));
  }
}

/**
 * A button that downloads /api/v1/audit/export with the token (a plain link could not send it). A server without
 * the export answers 404: the button then saves the rows of the page shown instead, and says so.
 */
function exportButton(label, format, query, message) {
  const button = h('button', { type: 'button', class: 'link' }, label);
  button.addEventListener('click', async () => {
    const name = `gatehouse-audit.${format}`;
    try {
      const response = await api('audit/export', { query: { ...query, format }, raw: true });
      save(await response.blob(), name);
      show(message);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) {
        show(message, failure(error));
        return;
      }
      const page = await api('audit', { query: { ...query, limit: 1000 } });
      save(new Blob([format === 'csv' ? csv(page.events) : page.events.map((e) => JSON.stringify(e)).join('\n') + '\n'],
        { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }), name);
      show(message, notice('info', 'This server has no export endpoint; saved the newest '
        + page.events.length + ' matching rows instead.'));
    }
  });
  return button;
}

function csv(events) {
  const columns = ['time', 'client', 'user', 'ecosystem', 'package', 'version', 'file', 'sha256', 'decision', 'rule',
    'status', 'bytes', 'requestId'];
  // A leading = + - @ would make a spreadsheet run the cell as a formula: such cells get a quote first.
  const cell = (v) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return [columns.join(','), ...events.map((e) => columns.map((c) => cell(e[c])).join(','))].join('\r\n') + '\r\n';
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- package -----------------------------------------------------------------------------------------------------

export async function packagePage(params, main) {
  const ecosystem = params.get('ecosystem') || '';
  const name = params.get('package') || '';
  show(main, h('h1', null, name), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const [verdicts, entries] = await Promise.all([
      api('verdicts', { query: { ecosystem, package: name } }),
      api('quarantine', { query: { status: '', ecosystem, package: name, limit: 200 } }),
    ]);
    const mine = entries.entries.filter((e) => e.package === name);
    const sorted = [...verdicts.verdicts].sort((a, b) => String(b.decidedAt).localeCompare(String(a.decidedAt)));
    show(main,
      h('p', { class: 'crumbs' }, ecosystem, ' package'),
      h('h1', null, h('span', { class: 'pkg' }, name)),
      h('p', null, link(pageHash('audit', { ecosystem, package: name }), 'Every request for this package')),
      h('section', { class: 'panel' }, h('h2', null, 'Versions and verdicts'),
        table(['Version', 'File', 'Verdict', 'Rule', 'Reasons', 'Decided', 'SHA-256'], sorted.map((v) => ({
          class: 'row-' + v.decision,
          cells: [v.version, h('code', null, v.file), badge(v.decision), h('code', null, v.rule),
            h('ul', { class: 'plain' }, (v.reasons || []).map((r) => h('li', null, r))), time(v.decidedAt),
            h('code', { class: 'digest', title: v.sha256 }, String(v.sha256).slice(0, 12) + '…')],
        })), 'Gatehouse has judged no file of this package yet.')),
      h('section', { class: 'panel' }, h('h2', null, 'Quarantine entries'),
        queueTable(mine, 'No version of this package was quarantined.')));
  } catch (error) {
    show(main, h('h1', null, name), failure(error));
  }
}

