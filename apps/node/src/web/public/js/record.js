// A child's record: basic details, carers, school, GP and every practitioner involved; the shielded view;
// and a match held by another LA (as its node disclosed it in the search answer).
import { api } from './api.js';
import { contactLinks, h, notice, replace, summaryList, table } from './dom.js';
import { field, showErrors, valueOf } from './forms.js';
import { date, fullName, laLabel, laName, strength, words, yesNo } from './labels.js';
import { lastSearch, reasonOptions } from './search.js';
import { involvementManageLink, manageSection } from './record-actions.js';

/** Involvements this browser tab registered, so their indicators can be set from the record page. */
export const ownInvolvements = new Set();

export async function recordPage(ctx) {
  const { id } = ctx.params;
  const reason = ctx.query.reason;
  if (!reason) return askReason(ctx, id);
  const record = await loadRecord(ctx, id, reason);
  if (!record) return;
  if (record.shielded && record.shieldingTeam) return shieldedView(ctx, record);
  if (record.movedOut) return movedOutView(ctx, record);
  fullRecord(ctx, record, reason);
}

async function loadRecord(ctx, id, reason) {
  try {
    return await api('GET', `/children/${id}`, { query: { reason } });
  } catch (error) {
    ctx.setTitle('Record not shown');
    replace(
      ctx.main,
      h('h1', {}, 'This record cannot be shown'),
      notice('warn', error.message),
      backToSearch(),
    );
    return null;
  }
}

/** Every view states a reason: asked here when the link did not carry one. */
function askReason(ctx, id) {
  ctx.setTitle('Why are you looking?');
  const errors = h('div');
  const form = h(
    'form',
    { novalidate: true },
    field({
      id: 'reason',
      label: 'Why are you looking at this record?',
      hint: 'Your reason is recorded with the view.',
      options: reasonOptions(ctx.config),
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show the record')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = valueOf(form, 'reason');
    if (!reason)
      return showErrors(form, errors, [{ field: 'reason', message: 'Choose why you are looking' }]);
    ctx.navigate(`/children/${id}?reason=${encodeURIComponent(reason)}`);
  });
  replace(ctx.main, h('h1', {}, 'Why are you looking?'), errors, form);
}

function backToSearch() {
  return h('p', {}, h('a', { href: '#/search' }, 'Back to search'));
}

function fullRecord(ctx, record, reason) {
  const { config } = ctx;
  const { child } = record;
  ctx.setTitle(fullName(child));
  const address = [record.address.line1, record.address.line2, record.address.town, record.address.postcode]
    .filter(Boolean)
    .join(', ');
  const addInvolvement = `#/children/${record.id}/involvements/new?reason=${encodeURIComponent(reason)}`;
  replace(
    ctx.main,
    backToSearch(),
    h('h1', {}, fullName(child)),
    record.shielded
      ? notice(
          'warn',
          h('span', { class: 'tag shielded' }, 'Shielded'),
          ' You can see this record because you are a shielding officer.',
        )
      : null,
    summaryList([
      ['Date of birth', `${date(child.dateOfBirth)} (age ${child.age})`],
      ['Gender', words(child.gender)],
      ['Other names', child.otherNames?.join(', ')],
      ['NHS number', child.nhsNumber],
      ['Unique pupil number', child.upn],
      ['Address', address],
      ['Record held by', laLabel(config, record.laCode)],
    ]),
    h(
      'div',
      { class: 'actions' },
      h(
        'a',
        { class: 'button', href: addInvolvement },
        ctx.session.role === 'practitioner' ? 'Register your involvement' : 'Register an involvement',
      ),
    ),
    manageSection(ctx, record, reason),
    h('h2', {}, 'Practitioners involved'),
    involvementList(config, record.involvements, {
      childId: record.id,
      reason,
      canEdit: true,
      manage: (item) => involvementManageLink(ctx, record.id, reason, item),
    }),
    h('h2', {}, 'Carers'),
    record.carers.length
      ? table(
          'Carers',
          ['Name', 'Relationship', 'Parental responsibility', 'Contact'],
          record.carers.map((carer) => [
            carer.name,
            words(carer.relationship),
            yesNo(carer.hasParentalResponsibility),
            contactLinks(carer.contact),
          ]),
          { hideCaption: true },
        )
      : h('p', {}, 'No carers recorded.'),
    h('h2', {}, 'School or setting'),
    record.educationalSetting
      ? summaryList([
          ['Name', record.educationalSetting.name],
          ['URN', record.educationalSetting.urn],
          ['Contact', contactLinks(record.educationalSetting.contact)],
        ])
      : h('p', {}, 'No school or setting recorded.'),
    h('h2', {}, 'GP practice'),
    record.gpPractice
      ? summaryList([
          ['Name', record.gpPractice.name],
          ['ODS code', record.gpPractice.odsCode],
          ['Contact', contactLinks(record.gpPractice.contact)],
        ])
      : h('p', {}, 'No GP practice recorded.'),
    record.addressHistory?.length
      ? [
          h('h2', {}, 'Previous addresses'),
          table(
            'Previous addresses',
            ['Address', 'From', 'To'],
            record.addressHistory.map((item) => [
              [item.line1, item.line2, item.town, item.postcode].filter(Boolean).join(', '),
              date(item.from) || 'Not recorded',
              date(item.to),
            ]),
          ),
        ]
      : null,
  );
}

/**
 * The stub a record leaves when the child moved to another LA: who the child is, where the record went, when,
 * and how to reach that LA. Nothing else is held here, so nothing else is shown and nothing can be added.
 */
function movedOutView(ctx, record) {
  const { child, movedOut } = record;
  ctx.setTitle(`${fullName(child)} (moved)`);
  replace(
    ctx.main,
    backToSearch(),
    h('h1', {}, fullName(child)),
    record.shielded ? notice('warn', h('span', { class: 'tag shielded' }, 'Shielded')) : null,
    movedOutNotice(movedOut),
    summaryList([
      ['Date of birth', `${date(child.dateOfBirth)} (age ${child.age})`],
      ['Gender', words(child.gender)],
      ['Record held by', laLabel(ctx.config, movedOut.toLaCode)],
      ['Moved on', date(movedOut.movedOn)],
    ]),
  );
}

function movedOutNotice(movedOut) {
  const contact = movedOut.contact;
  return notice(
    'warn',
    `Moved to ${movedOut.toLaName} on ${date(movedOut.movedOn)}. This LA no longer holds the record. `,
    contact ? [`Contact ${contact.name ?? movedOut.toLaName}: `, contactLinks(contact)] : null,
  );
}

/** Cards of practitioners with contact details and indicators; marks services from a previous LA. */
export function involvementList(config, involvements = [], { childId, reason, canEdit, manage } = {}) {
  if (!involvements.length) return h('p', {}, 'No practitioners recorded.');
  return h(
    'ul',
    { class: 'cards' },
    involvements.map((item) => {
      const previous = item.fromLa
        ? `From ${item.fromLa.laName ?? laName(config, item.fromLa.laCode)} (previous area)`
        : null;
      const own = canEdit && item.id && ownInvolvements.has(item.id);
      return h(
        'li',
        { class: previous ? 'card previous' : 'card' },
        h(
          'h3',
          {},
          item.practitionerName,
          item.isLeadProfessional ? [' ', h('span', { class: 'tag lead' }, 'Lead professional')] : null,
          previous ? [' ', h('span', { class: 'tag previous-la' }, previous)] : null,
        ),
        h('p', {}, `${item.role}, ${item.organisation}`),
        h('p', {}, `Service: ${words(item.serviceType)}`),
        h(
          'p',
          {},
          item.current
            ? `Involved since ${date(item.startDate)}${item.endDate ? `, ending ${date(item.endDate)}` : ''}`
            : `Involved ${date(item.startDate)} to ${date(item.endDate)} (ended)`,
        ),
        h('p', {}, contactLinks(item.contact)),
        h(
          'ul',
          { class: 'indicators', 'aria-label': 'Indicators' },
          h('li', {}, `Information to share: ${yesNo(item.hasInformationToShare)}`),
          h(
            'li',
            {},
            item.assessment
              ? `Assessment: ${words(item.assessment.type)}, ${date(item.assessment.date)}`
              : 'Assessment: none recorded',
          ),
          item.consent ? h('li', {}, `Consent recorded ${date(item.consent.recordedOn)}`) : null,
        ),
        own && item.current
          ? h(
              'p',
              {},
              h(
                'a',
                {
                  href: `#/children/${childId}/involvements/${item.id}/indicators?reason=${encodeURIComponent(reason)}`,
                },
                `Set your indicators`,
                h('span', { class: 'visually-hidden' }, ` (${item.practitionerName})`),
              ),
            )
          : null,
        manage ? manage(item) : null,
      );
    }),
  );
}

/** The shielded view: only what the API returns for a shielded child, and the shielding team to contact. */
function shieldedView(ctx, view) {
  const { child } = view;
  ctx.setTitle(`${fullName(child)} (shielded)`);
  replace(
    ctx.main,
    backToSearch(),
    ...shieldedContent(ctx.config, view, h('h1', {}, fullName(child))),
    h('p', {}, `Record held by ${laLabel(ctx.config, view.laCode)}.`),
  );
}

function shieldedContent(config, view, heading) {
  const { child, shieldingTeam } = view;
  return [
    heading,
    notice(
      'warn',
      h('span', { class: 'tag shielded' }, 'Shielded'),
      ' This child’s details are shielded. Only their name, gender and date of birth are shown. To reach the practitioners involved, contact the shielding team.',
    ),
    summaryList([
      ['Date of birth', `${date(child.dateOfBirth)} (age ${child.age})`],
      ['Gender', words(child.gender)],
    ]),
    h('h2', {}, 'Shielding team'),
    summaryList([
      ['Team', shieldingTeam.name],
      ['Contact', contactLinks({ telephone: shieldingTeam.telephone, email: shieldingTeam.email })],
    ]),
  ];
}

/** A match held by another LA, as its node answered the search: the child and the practitioners involved. */
export async function matchPage(ctx) {
  const match = lastSearch.response?.results?.[Number(ctx.params.index)];
  if (!match || match.source !== 'other-la') {
    ctx.setTitle('Search again');
    replace(
      ctx.main,
      h('h1', {}, 'Search again'),
      h('p', {}, 'Matches from other LAs are not kept after you leave the search: search again to see them.'),
      backToSearch(),
    );
    return;
  }
  const heldBy = laLabel(ctx.config, match.laCode);
  if (match.shielded && match.shieldingTeam) {
    ctx.setTitle(`${fullName(match.child)} (shielded)`);
    replace(
      ctx.main,
      backToSearch(),
      ...shieldedContent(ctx.config, match, h('h1', {}, fullName(match.child))),
      h('p', {}, `Record held by ${heldBy}.`),
    );
    return;
  }
  ctx.setTitle(fullName(match.child));
  replace(
    ctx.main,
    backToSearch(),
    h('h1', {}, fullName(match.child)),
    notice(
      '',
      `This record is held by ${heldBy}. It shows what ${laName(ctx.config, match.laCode)} shares with other LAs: the child and the practitioners involved.`,
    ),
    summaryList([
      ['Date of birth', `${date(match.child.dateOfBirth)} (age ${match.child.age})`],
      ['Gender', words(match.child.gender)],
      ['Record held by', heldBy],
      ['Match strength', strength(match.grade, match.score)],
    ]),
    h('h2', {}, 'Practitioners involved'),
    involvementList(ctx.config, match.involvements ?? []),
    ctx.session.role === 'data-manager'
      ? h(
          'div',
          { class: 'actions' },
          h(
            'a',
            { class: 'button', href: `#/handovers/request/${ctx.params.index}` },
            `Ask ${laName(ctx.config, match.laCode)} for this record`,
          ),
        )
      : null,
  );
}
