// Handovers of records between LAs: outgoing (records leaving this LA) and incoming (records coming here),
// the step each has reached, and what a data manager may do at that step: accept or refuse one this LA was
// asked about, cancel one in flight. The list carries ids and codes only (the API's HandoverView).
import { api } from './api.js';
import { h, notice, replace, table } from './dom.js';
import { busy, field, problemsOf, showErrors, valueOf } from './forms.js';
import { dateTime, laLabel, words } from './labels.js';

/** Why a handover is refused or cancelled (the API's HANDOVER_REFUSAL_REASONS; /web/config has no list). */
export const HANDOVER_END_REASONS = [
  'not-the-same-child',
  'child-not-resident-in-area',
  'move-did-not-happen',
  'started-in-error',
];

const STEPS = {
  started: 'Started: waiting for the hub',
  'awaiting-answer': 'Waiting for this LA’s answer',
  accepted: 'Accepted: the record is on its way',
  'package-sent': 'Record sent',
  'package-received': 'Record received',
  cancelling: 'Cancelling',
  completed: 'Completed',
  ended: 'Ended',
};
const CANCELLABLE = ['started', 'accepted', 'package-sent', 'package-received'];

export function stepWords(step) {
  return STEPS[step] ?? words(step);
}

export async function handoversPage(ctx) {
  ctx.setTitle('Handovers');
  const handovers = await api('GET', '/handovers');
  const manager = ctx.session.role === 'data-manager';
  const status = h('div');
  const outgoing = handovers.filter((item) => item.role === 'sender');
  const incoming = handovers.filter((item) => item.role === 'receiver');
  replace(
    ctx.main,
    h('h1', {}, 'Handovers'),
    h(
      'p',
      { class: 'lede' },
      'When a child moves area their record is handed over to the new LA. A record being handed over cannot be changed until the handover ends.',
    ),
    status,
    section(ctx, 'outgoing', `Outgoing: records leaving ${ctx.config.laName}`, outgoing, manager, status),
    section(ctx, 'incoming', `Incoming: records coming to ${ctx.config.laName}`, incoming, manager, status),
  );
}

function section(ctx, id, title, items, manager, status) {
  const headers = ['Child', 'Other LA', 'Asked by', 'Reason', 'Step', 'Started', 'Last change'];
  if (manager) headers.push('Actions');
  return h(
    'section',
    { 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    items.length
      ? table(
          title,
          headers,
          items.map((item) => row(ctx, item, manager, status)),
          { hideCaption: true },
        )
      : h('p', {}, id === 'outgoing' ? 'No outgoing handovers.' : 'No incoming handovers.'),
  );
}

function row(ctx, item, manager, status) {
  const sender = item.role === 'sender';
  const other = sender ? item.toLaCode : item.fromLaCode;
  const askedBy = item.initiatedBy === item.role ? ctx.config.laName : laLabel(ctx.config, other);
  // A data manager opens a record still held here (an administrator reads no records).
  const live = manager && sender && item.step !== 'completed';
  const child = live
    ? h(
        'a',
        { href: `#/children/${item.childId}?reason=maintaining-the-record` },
        'Open the record',
        h('span', { class: 'visually-hidden' }, ` ${item.childId}`),
      )
    : h('span', {}, 'Child ', h('code', {}, item.childId.slice(0, 8)));
  const cells = [
    child,
    laLabel(ctx.config, other),
    askedBy,
    words(item.reasonCode),
    item.endReason ? `${stepWords(item.step)}: ${words(item.endReason)}` : stepWords(item.step),
    dateTime(item.createdAt),
    dateTime(item.updatedAt),
  ];
  if (manager) cells.push(actions(ctx, item, status));
  return cells;
}

function actions(ctx, item, status) {
  const hidden = h(
    'span',
    { class: 'visually-hidden' },
    ` the handover from ${item.fromLaCode} to ${item.toLaCode} (${item.id.slice(0, 8)})`,
  );
  const buttons = [];
  if (item.step === 'awaiting-answer') {
    buttons.push(
      h(
        'button',
        { type: 'button', on: { click: (event) => void accept(ctx, item, status, event.currentTarget) } },
        'Accept',
        hidden.cloneNode(true),
      ),
      h(
        'a',
        { class: 'button warning', href: `#/handovers/${item.id}/refuse` },
        'Refuse',
        hidden.cloneNode(true),
      ),
    );
  }
  if (CANCELLABLE.includes(item.step))
    buttons.push(
      h(
        'a',
        { class: 'button warning', href: `#/handovers/${item.id}/cancel` },
        'Cancel',
        hidden.cloneNode(true),
      ),
    );
  return buttons.length ? h('div', { class: 'row-actions' }, buttons) : 'None';
}

async function accept(ctx, item, status, button) {
  button.disabled = true;
  try {
    await api('POST', `/handovers/${item.id}/accept`);
    ctx.navigate('/handovers', 'The handover is accepted.');
  } catch (error) {
    button.disabled = false;
    replace(status, notice('warn', `The handover was not accepted: ${error.message}`));
  }
}

/** Refuse (the side asked) or cancel (either side, in flight), with a reason from the list. */
export async function endHandoverPage(ctx) {
  const { id, action } = ctx.params;
  const refuse = action === 'refuse';
  const title = refuse ? 'Refuse a handover' : 'Cancel a handover';
  ctx.setTitle(title);
  const handover = (await api('GET', '/handovers')).find((item) => item.id === id);
  if (!handover) {
    replace(ctx.main, h('h1', {}, title), notice('warn', 'This handover is not in the list.'), backLink());
    return;
  }
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    field({
      id: 'reasonCode',
      label: refuse ? 'Why do you refuse it?' : 'Why do you cancel it?',
      hint: 'Your reason is recorded and sent to the other LA.',
      options: [['', 'Choose a reason'], ...HANDOVER_END_REASONS.map((code) => [code, words(code)])],
    }),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'submit', class: 'warning' },
        refuse ? 'Refuse the handover' : 'Cancel the handover',
      ),
      h('a', { href: '#/handovers' }, 'Back to handovers'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const reasonCode = valueOf(form, 'reasonCode');
      if (!reasonCode) return showErrors(form, errors, [{ field: 'reasonCode', message: 'Choose a reason' }]);
      try {
        await api('POST', `/handovers/${id}/${refuse ? 'refuse' : 'cancel'}`, { body: { reasonCode } });
        ctx.navigate('/handovers', refuse ? 'The handover is refused.' : 'The handover is being cancelled.');
      } catch (error) {
        showErrors(form, errors, problemsOf(error), { step: 'reasonCode' });
      }
    });
  });
  const sender = handover.role === 'sender';
  replace(
    ctx.main,
    h('h1', {}, title),
    h(
      'p',
      { class: 'lede' },
      sender
        ? `The record would go to ${laLabel(ctx.config, handover.toLaCode)} (${words(handover.reasonCode)}). ${refuse ? 'Refusing' : 'Cancelling'} keeps it here.`
        : `The record would come from ${laLabel(ctx.config, handover.fromLaCode)} (${words(handover.reasonCode)}). ${refuse ? 'Refusing' : 'Cancelling'} leaves it there.`,
    ),
    errors,
    form,
  );
}

function backLink() {
  return h('p', {}, h('a', { href: '#/handovers' }, 'Back to handovers'));
}
