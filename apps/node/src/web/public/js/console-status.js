// The LA IT console's status panels: certificate, index feed, audit trail check, misuse report.
import { api } from './api.js';
import { h, notice, replace, summaryList, table } from './dom.js';
import { busy, field, problemsOf, showErrors, valueOf } from './forms.js';
import { date, dateTime, words, yesNo } from './labels.js';

function panel(id, title, load) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  const section = h('section', { 'aria-labelledby': id }, h('h2', { id }, title), body);
  void load(body).catch((error) => replace(body, notice('warn', error.message)));
  return section;
}

export function certificateSection() {
  return panel('certificate-heading', 'Federation certificate', async (body) => {
    let certificate;
    try {
      certificate = await api('GET', '/federation/certificate');
    } catch (error) {
      if (error.status === 404)
        return replace(body, h('p', {}, 'Not enrolled: this node has no federation certificate.'));
      throw error;
    }
    if (!certificate?.enrolled)
      return replace(body, h('p', {}, 'Not enrolled: this node has no federation certificate.'));
    const soon = certificate.daysLeft <= 14;
    replace(
      body,
      soon
        ? notice(
            'warn',
            `The certificate expires in ${certificate.daysLeft} days: check that renewal is working.`,
          )
        : null,
      summaryList([
        ['LA code', certificate.laCode],
        ['Serial number', certificate.serialNumber],
        ['Valid from', dateTime(certificate.notBefore)],
        ['Expires', `${dateTime(certificate.notAfter)} (${certificate.daysLeft} days left)`],
        ['Fingerprint', h('code', {}, certificate.fingerprint)],
      ]),
    );
  });
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return 'None waiting';
  if (seconds < 120) return `${Math.round(seconds)} seconds`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 3600)} hours`;
}

export function indexSection() {
  return panel('index-heading', 'Index feed to the hub', async (body) => {
    const status = await api('GET', '/federation/index/status');
    replace(
      body,
      status.connected
        ? null
        : notice('warn', 'Not connected to the hub: changes wait in the outbox until it is back.'),
      summaryList([
        ['Connected to the hub', yesNo(status.connected)],
        ['Indexing', status.indexing ? 'On' : 'Off: the federation token key is not set'],
        ['Changes waiting (outbox)', String(status.backlog)],
        ['Oldest change waiting (index lag)', age(status.oldestUnpublishedAgeSeconds)],
        [
          'Last published',
          status.lastPublishedAt
            ? `${dateTime(status.lastPublishedAt)} (sequence ${status.lastPublishedSequence})`
            : 'Never',
        ],
        ['Changes made without tokens', String(status.withoutTokens)],
      ]),
    );
  });
}

export function auditSection() {
  return panel('audit-heading', 'Audit trail', async (body) => {
    const result = h('div', { 'aria-live': 'polite' });
    const button = h(
      'button',
      { type: 'button', on: { click: () => void verify(button, result) } },
      'Verify the audit trail',
    );
    replace(
      body,
      h('p', {}, 'Recomputes the hash chain of every entry and names the first broken one.'),
      h('div', { class: 'actions' }, button),
      result,
    );
  });
}

async function verify(button, result) {
  button.disabled = true;
  replace(result, h('p', { class: 'loading' }, 'Checking every entry…'));
  try {
    const check = await api('GET', '/audit/verify');
    replace(
      result,
      check.ok
        ? notice(
            'ok',
            `The audit trail is intact: ${check.checked} entries checked, up to entry ${check.lastSequence}.`,
          )
        : notice(
            'warn',
            `The audit trail is broken at entry ${check.firstBreak?.sequence}: ${words(check.firstBreak?.problem)}. ${check.checked} entries checked.`,
          ),
      summaryList([['Hash of the last entry checked', h('code', { class: 'secret' }, check.lastHash)]]),
    );
  } catch (error) {
    replace(result, notice('warn', error.message));
  } finally {
    button.disabled = false;
  }
}

function flagsTable(caption, flags) {
  if (!flags.length) return h('p', {}, 'Nothing flagged.');
  return table(
    caption,
    ['Rule', 'User', 'Count', 'Day', 'Records'],
    flags.map((flag) => [
      words(flag.rule),
      h('code', {}, flag.userId),
      String(flag.count),
      flag.day ? date(flag.day) : '',
      String(flag.childIds.length),
    ]),
  );
}

export function misuseSection() {
  return panel('misuse-heading', 'Misuse report', async (body) => {
    const reports = await api('GET', '/misuse/reports', { query: { limit: '7' } });
    const errors = h('div');
    const result = h('div', { 'aria-live': 'polite' });
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const form = h(
      'form',
      { novalidate: true },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Run the review now'),
        h(
          'div',
          { class: 'grid' },
          field({ id: 'from', label: 'From', type: 'date', value: weekAgo }),
          field({ id: 'to', label: 'Up to (not including)', type: 'date', value: tomorrow }),
        ),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Run the review')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, async () => {
        const from = valueOf(form, 'from');
        const to = valueOf(form, 'to');
        if (!from || !to)
          return showErrors(form, errors, [{ field: from ? 'to' : 'from', message: 'Enter both dates' }]);
        try {
          const report = await api('GET', '/misuse/report', { query: { from, to } });
          errors.replaceChildren();
          replace(
            result,
            h('h3', {}, `Review of ${date(report.from)} to ${date(report.to)}`),
            flagsTable('Flags', report.flags),
          );
        } catch (error) {
          showErrors(form, errors, problemsOf(error));
        }
      });
    });
    replace(
      body,
      h('h3', {}, 'Daily reviews'),
      reports.length
        ? table(
            'Latest daily reviews',
            ['Ran', 'Period', 'Flags'],
            reports.map((report) => [
              dateTime(report.ranAt),
              `${dateTime(report.from)} to ${dateTime(report.to)}`,
              String(report.flags.length),
            ]),
          )
        : h('p', {}, 'No daily review has run yet.'),
      errors,
      form,
      result,
    );
  });
}
