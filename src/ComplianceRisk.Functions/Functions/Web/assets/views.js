// Renders an assessment (schemas/assessment.schema.json) into the page. Every text from the roster is set as
// text, never as markup, and nothing is styled inline (the page runs under a strict Content-Security-Policy).

/** Makes an element: h('td', { class: 'num' }, 'text', child, …). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const ratings = ['Critical', 'High', 'Moderate', 'Low'];

/** The rating of a score, as docs/risks.md bands it (Low 1-4, Moderate 5-9, High 10-16, Critical 20-25). */
export function ratingOf(score) {
  if (score >= 20) return 'Critical';
  if (score >= 10) return 'High';
  if (score >= 5) return 'Moderate';
  return 'Low';
}

/** SINGLE_POINT_OF_FAILURE → "Single point of failure": the flag and status codes read as words. */
export function readable(code) {
  const words = code.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const one = (value) => (value === null || value === undefined ? 'n/a' : Number(value).toFixed(1));
// As the assessment's texts write a chance (Chance.Percent): neither none nor certain never reads 0% or 100%. Halves
// round up, as .NET rounds them (toFixed would round 0.15 down: it rounds the binary value just under it).
export function percent(p) {
  const shown = Math.round(Number((p * 1000).toPrecision(12))) / 10;
  if (p > 0 && shown === 0) return '<0.1%';
  if (p < 1 && shown === 100) return '>99.9%';
  return `${shown}%`;
}

export function personLabel(person) {
  return person.name ? `${person.name} (${person.personId})` : person.personId;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

/** The summary of the results, named as the scope statement and the register name them (the page's id is the file's, orgIdOf). */
export function renderSummary(a) {
  const org = a.organization;
  document.getElementById('assessed-what').textContent =
    `${org.name || org.id} · as of ${a.asOf} · ${org.orgTypes.join(', ')} · ${org.jurisdictions.join(', ')} · ` +
    `roster ${a.roster.rows} rows, ${a.roster.people} people · catalog ${a.catalog.id} ${a.catalog.version}`;
  document.getElementById('readiness').textContent = one(a.summary.readinessIndex);
  const counts = a.summary.ratingCounts;
  document.getElementById('rating-counts').replaceChildren(
    ...ratings.map((r) => h('li', { class: `rating rating-${r.toLowerCase()}`, 'data-rating': r },
      h('span', { class: 'count' }, counts[r.toLowerCase()]), ` ${r}`)),
    h('li', { class: 'rating total' }, h('span', { class: 'count' }, a.risks.length), ' risks in all'));
  fill(document.querySelector('#regimes tbody'), a.summary.regimes.map((r) =>
    h('tr', { 'data-regime-id': r.regimeId },
      h('th', { scope: 'row' }, r.name),
      h('td', { class: 'num' }, one(r.readinessIndex)),
      h('td', { class: 'num' }, r.obligationsInIndex),
      h('td', { class: 'num' }, r.obligationsOutsideIndex))));
}

/**
 * The 5 × 5 grid of inherent likelihood × impact, laid out as the register's Heat Map sheet: likelihood up the side
 * (5 at the top), impact along the bottom (1 at the left), each value labelled with its word from `scales` (the
 * register's own, /assets/options.json). Each cell is a button whose text says its count and rating, so nothing is
 * told by colour alone; pressing one filters the risk list, pressing it again clears.
 */
export function renderHeatMap(a, selected, onChoose, scales) {
  const grid = document.getElementById('heatmap');
  const cells = [];
  for (let likelihood = 5; likelihood >= 1; likelihood--) {
    cells.push(h('span', { class: 'tick tick-y', 'aria-hidden': 'true' }, `${likelihood} ${scales.likelihood[likelihood - 1]}`));
    for (let impact = 1; impact <= 5; impact++) {
      const count = a.risks.filter((r) => r.likelihood === likelihood && r.impact === impact).length;
      const rating = ratingOf(likelihood * impact);
      const pressed = selected && selected.likelihood === likelihood && selected.impact === impact;
      cells.push(h('button', {
        type: 'button',
        class: `cell rating-${rating.toLowerCase()}${count === 0 ? ' empty' : ''}`,
        'data-likelihood': likelihood,
        'data-impact': impact,
        'data-count': count,
        'aria-pressed': pressed ? 'true' : 'false',
        onclick: () => onChoose({ likelihood, impact }),
      }, h('span', { class: 'count' }, count), ' ', h('span', { class: 'band' }, rating),
      // Said to screen readers, not shown: the axes are drawn beside the grid.
      h('span', { class: 'visually-hidden' }, ` ${count === 1 ? 'risk' : 'risks'} with likelihood ${likelihood} and impact ${impact}`)));
    }
  }
  cells.push(h('span', { class: 'tick' }));
  for (let impact = 1; impact <= 5; impact++) cells.push(h('span', { class: 'tick tick-x', 'aria-hidden': 'true' }, `${impact} ${scales.impact[impact - 1]}`));
  grid.replaceChildren(...cells);
}

function riskItem(r) {
  return h('li', { class: 'risk', 'data-risk-id': r.riskId, 'data-likelihood': r.likelihood, 'data-impact': r.impact },
    h('div', { class: 'risk-head' },
      h('span', { class: `badge rating-${r.rating.toLowerCase()}` }, `${r.rating} ${r.likelihood}×${r.impact}=${r.score}`),
      h('h3', {}, r.title)),
    h('p', { class: 'meta' }, `${r.riskId} · ${r.category} · owner ${r.owner} · due ${r.dueDate} · ${r.status} · ` +
      `residual ${r.residual.score} ${r.residual.rating}${r.residual.assumes ? ` (assumes ${r.residual.assumes})` : ''}`),
    h('p', {}, r.description),
    h('details', {},
      h('summary', {}, `Factors (${r.factors.length}) and actions (${r.actions.length})`),
      h('h4', {}, 'Factors'),
      h('ul', { class: 'factors' }, r.factors.map((f) => h('li', { 'data-code': f.code },
        h('strong', {}, `${readable(f.code)} (${f.code}, ${f.points} points)`), `: ${f.description}`))),
      h('h4', {}, 'Actions, in priority order'),
      h('ol', { class: 'actions-list' }, r.actions.map((x) => h('li', { 'data-kind': x.kind },
        x.description, x.dueDate ? ` — by ${x.dueDate}` : '')))));
}

export function renderRisks(a, selected, onClear) {
  const shown = selected
    ? a.risks.filter((r) => r.likelihood === selected.likelihood && r.impact === selected.impact)
    : a.risks;
  document.getElementById('risks').replaceChildren(...shown.map(riskItem));
  const filter = document.getElementById('risk-filter');
  if (selected) {
    filter.replaceChildren(
      `Showing the ${shown.length} of ${a.risks.length} risks with likelihood ${selected.likelihood} and impact ${selected.impact}. `,
      h('button', { type: 'button', id: 'clear-filter', class: 'link', onclick: onClear }, 'Show all risks'));
  } else {
    filter.textContent = a.risks.length === 0
      ? 'No risks: every role in scope is fully staffed and every applicable obligation is covered.'
      : `Showing all ${a.risks.length} risks, highest score first.`;
  }
}

const shownHolders = 4;

/** A role's holders; past the first few (a deep bench of analysts), the rest fold away. */
function holdersOf(role) {
  if (role.holders.length === 0) return 'Nobody';
  const item = (p) => h('li', {}, `${personLabel(p)}, ${p.assignment}, ${p.qualified ? 'qualified' : 'not qualified'}`);
  const first = h('ul', { class: 'plain' }, role.holders.slice(0, shownHolders).map(item));
  if (role.holders.length <= shownHolders) return first;
  return [first, h('details', {},
    h('summary', {}, `${role.holders.length - shownHolders} more holders`),
    h('ul', { class: 'plain' }, role.holders.slice(shownHolders).map(item)))];
}

export function renderRoles(a) {
  fill(document.querySelector('#roles tbody'), a.roles.map((role) =>
    h('tr', { 'data-role-id': role.roleId },
      h('th', { scope: 'row' }, role.title, h('span', { class: 'meta block' }, `${role.roleId} · tier ${role.tier}`)),
      h('td', {}, holdersOf(role)),
      h('td', { class: 'num' }, `${role.qualifiedCount} of ${role.requiredQualified}`),
      h('td', {}, role.flags.length === 0 ? 'No flags' : h('ul', { class: 'flags' }, role.flags.map((f) =>
        h('li', { class: 'flag', 'data-code': f.code },
          h('strong', {}, readable(f.code)), h('code', {}, f.code), ` ${f.message}`)))))));
}

const statusMarks = { UNCOVERED: '✖', FRAGILE: '▲', COVERED: '✔', UPCOMING: '◷' };

/** Person id → name, from the role holders (obligations name their key people by id only). */
export function namesOf(a) {
  const names = new Map();
  for (const role of a.roles) for (const p of role.holders) if (p.name) names.set(p.personId, p.name);
  return names;
}

const named = (names, id) => (names.has(id) ? `${names.get(id)} (${id})` : id);

export function renderObligations(a) {
  const names = namesOf(a);
  fill(document.querySelector('#obligations tbody'), a.obligations.map((o) =>
    h('tr', { 'data-obligation-id': o.obligationId },
      h('th', { scope: 'row' }, o.title, h('span', { class: 'meta block' }, `${o.citation} · ${o.regime} · ${o.lifecycle}`)),
      h('td', {}, h('span', { class: `status status-${o.status.toLowerCase()}`, 'data-status': o.status },
        h('span', { 'aria-hidden': 'true' }, `${statusMarks[o.status] || ''} `), o.status)),
      h('td', { class: 'num' }, `${o.qualifiedCount} of ${o.minQualified}`),
      h('td', {}, o.keyPeople.length === 0 ? '—' : o.keyPeople.map((id) => named(names, id)).join('; ')),
      h('td', { class: 'num' }, percent(o.probabilityUncovered12m)))));
}

export function renderWarnings(a) {
  document.getElementById('no-warnings').hidden = a.warnings.length > 0;
  document.getElementById('warnings').hidden = a.warnings.length === 0;
  fill(document.querySelector('#warnings tbody'), a.warnings.map((w) =>
    h('tr', { 'data-code': w.code },
      h('td', { class: 'num' }, w.row ?? '—'),
      h('td', {}, w.column ?? '—'),
      h('td', {}, w.value ?? ''),
      h('td', {}, h('code', {}, w.code), ` ${w.message}`),
      h('td', {}, w.hint ?? ''))));
}

/** The scope statement and disclaimer, from the register's own templates (served in /assets/options.json). */
export function renderScope(a, scope) {
  const short = (sha) => (sha.length > scope.shortHashLength ? `${sha.slice(0, scope.shortHashLength)}…` : sha);
  const regimes = a.summary.regimes.map((r) => r.name).join(', ');
  const asOf = new Date(`${a.asOf}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const fields = {
    rows: a.roster.rows,
    people: a.roster.people,
    rosterSha256: short(a.roster.sha256),
    catalogId: a.catalog.id,
    catalogVersion: a.catalog.version,
    catalogSha256: short(a.catalog.sha256),
    obligations: a.obligations.length,
    organization: a.organization.name || a.organization.id,
    regimes: regimes ? ` (${regimes})` : '',
    asOf,
  };
  document.getElementById('scope').replaceChildren(...scope.templates.map((t) =>
    h('p', {}, t.replace(/\{([A-Za-z0-9]+)\}/g, (_, name) => String(fields[name])))));
}

/** Everyone who holds a role, key people first (those obligations hang on), then by id. */
export function peopleOf(a) {
  const people = new Map();
  for (const role of a.roles) {
    for (const p of role.holders) {
      const person = people.get(p.personId) || { personId: p.personId, name: p.name, roles: [], keyFor: 0 };
      person.roles.push(role.title);
      people.set(p.personId, person);
    }
  }
  for (const o of a.obligations) {
    for (const id of o.keyPeople) if (people.has(id)) people.get(id).keyFor++;
  }
  return [...people.values()].sort((x, y) => (y.keyFor - x.keyFor) || x.personId.localeCompare(y.personId));
}

export function renderPeople(people, chosen, onToggle) {
  document.getElementById('whatif-people').replaceChildren(...people.map((p) => {
    const id = `without-${p.personId}`;
    return h('li', { 'data-person-id': p.personId, 'data-search': `${p.personId} ${p.name || ''} ${p.roles.join(' ')}`.toLowerCase() },
      h('input', { type: 'checkbox', id, name: 'without', value: p.personId, checked: chosen.has(p.personId), onchange: (e) => onToggle(p.personId, e.target.checked) }),
      h('label', { for: id }, personLabel(p),
        h('span', { class: 'meta' }, ` ${p.roles.join(', ')}${p.keyFor ? ` · key person for ${p.keyFor} obligation${p.keyFor === 1 ? '' : 's'}` : ''}`)));
  }));
}

/** What the what-if changed: readiness before → after, new and escalated risks, risks that would close. */
export function renderWhatIf(before, after, people) {
  const known = new Map(before.risks.map((r) => [r.riskId, r]));
  const added = after.risks.filter((r) => !known.has(r.riskId));
  const escalated = after.risks.filter((r) => known.has(r.riskId) && r.score > known.get(r.riskId).score);
  const remaining = new Set(after.risks.map((r) => r.riskId));
  const closed = before.risks.filter((r) => !remaining.has(r.riskId));
  const who = people.map(personLabel).join(', ');
  const list = (id, title, risks, describe) => (risks.length === 0 ? null : h('section', { id },
    h('h3', {}, `${title} (${risks.length})`),
    h('ul', {}, risks.map((r) => h('li', { 'data-risk-id': r.riskId }, describe(r))))));
  // h() drops the parts that are null (a list with no risk); replaceChildren would write them out as text.
  document.getElementById('whatif-result').replaceChildren(...h('div', {},
    h('h3', {}, `Without ${who}`),
    h('p', { id: 'whatif-readiness', class: 'readiness-change' },
      `Readiness ${one(before.summary.readinessIndex)} → ${one(after.summary.readinessIndex)}`,
      ` (${(after.summary.readinessIndex ?? 0) - (before.summary.readinessIndex ?? 0) < 0 ? 'down' : 'not down'}); ` +
      `risks ${before.risks.length} → ${after.risks.length}`),
    h('table', { id: 'whatif-regimes' },
      h('caption', {}, 'Readiness per regime'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Regime'), h('th', { scope: 'col', class: 'num' }, 'Now'), h('th', { scope: 'col', class: 'num' }, 'Without them'))),
      h('tbody', {}, after.summary.regimes.map((r) => {
        const was = before.summary.regimes.find((x) => x.regimeId === r.regimeId);
        return h('tr', {}, h('th', { scope: 'row' }, r.name), h('td', { class: 'num' }, one(was?.readinessIndex)), h('td', { class: 'num' }, one(r.readinessIndex)));
      }))),
    list('whatif-added', 'New risks', added, (r) => `${r.title} — ${r.rating} ${r.score}`),
    list('whatif-escalated', 'Escalated risks', escalated, (r) => `${r.title} — ${known.get(r.riskId).rating} ${known.get(r.riskId).score} → ${r.rating} ${r.score}`),
    list('whatif-closed', 'Risks that would no longer apply', closed, (r) => r.title),
    added.length + escalated.length === 0 ? h('p', {}, 'No risk is new or higher without them.') : null).childNodes);
}

export function renderHistory(list) {
  const table = document.getElementById('history');
  table.hidden = false;
  fill(table.querySelector('tbody'), list.assessments.length === 0
    ? [h('tr', {}, h('td', { colspan: 7 }, 'No roster saved yet.'))]
    : list.assessments.map((x) => h('tr', { 'data-name': x.name, 'data-roster-sha256': x.rosterSha256 || '' },
      h('td', {}, x.submittedAt || '—'),
      h('td', {}, x.asOf || '—'),
      h('td', { 'data-status': x.status }, x.status, x.reason ? h('span', { class: 'meta block' }, x.reason) : null,
        // What to fix and where: a rejection is only useful to the officer with both (rows older than the hint have neither).
        x.row ? h('span', { class: 'meta block', 'data-where': '' }, x.column ? `Row ${x.row}, column ${x.column}` : `Row ${x.row}`) : null,
        x.hint ? h('span', { class: 'meta block', 'data-hint': '' }, `What to do: ${x.hint}`) : null),
      h('td', { class: 'num' }, x.status === 'Assessed' ? one(x.readinessIndex) : '—'),
      h('td', {}, x.status === 'Assessed' ? `${x.critical} Critical, ${x.high} High, ${x.moderate} Moderate, ${x.low} Low` : '—'),
      h('td', { class: 'num' }, x.people ?? '—'),
      h('td', { class: 'num' }, x.warnings ?? '—'))));
}
