// The compliance officer's page: choose a roster, see its assessment, filter risks by heat-map cell, download
// the register and the template, and try a what-if. Plain modules, no build step, nothing from another origin.
import { ProblemError, assess, assessUrl, download, exists, getJson, orgIdOf, orgPath, send } from './api.js';
import {
  h, peopleOf, renderHeatMap, renderObligations, renderPeople, renderRisks, renderRoles, renderScope,
  renderHistory, renderSummary, renderWarnings, renderWhatIf,
} from './views.js';

const byId = (id) => document.getElementById(id);
const options = getJson('/assets/options.json');

/** What is on screen: the file, the options it was assessed with, the answer, and the choices made since. */
const state = { file: null, asked: null, assessment: null, assessed: null, cell: null, people: [], chosen: new Set() };

/** Counts the assessments asked for: only the answer to the latest is shown, whichever arrives last. */
let asking = 0;

function checkboxes(fieldset, name, values, checked) {
  byId(fieldset).append(...values.map((value) => h('div', { class: 'check' },
    h('input', { type: 'checkbox', id: `${name}-${value}`, name, value, checked: checked.includes(value) }),
    h('label', { for: `${name}-${value}` }, value))));
}

function chosenOptions() {
  const values = (name) => [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
  return { orgTypes: values('orgType'), jurisdictions: values('jurisdiction'), asOf: byId('as-of').value };
}

function setStatus(text) {
  byId('status').textContent = text;
}

function showError(error, what) {
  const box = byId('error');
  const problem = error instanceof ProblemError ? error.problem : null;
  // A rejected roster's detail already says where (RosterRejection): its row and column are not written twice.
  box.replaceChildren(...h('div', {},
    h('h3', {}, problem?.title || `${what} failed`),
    h('p', { id: 'error-detail' }, problem?.detail || error.message),
    problem?.code ? h('p', { class: 'meta' }, `Code ${problem.code}`) : null).childNodes);
  box.hidden = false;
  box.focus();
  setStatus('');
}

function clearError() {
  byId('error').hidden = true;
  byId('error').replaceChildren();
}

function render(scales) {
  const a = state.assessment;
  const chooseCell = (cell) => {
    const same = state.cell && state.cell.likelihood === cell.likelihood && state.cell.impact === cell.impact;
    state.cell = same ? null : cell;
    renderFiltered();
    // The grid is drawn anew; keep the keyboard where it was.
    document.querySelector(`#heatmap [data-likelihood="${cell.likelihood}"][data-impact="${cell.impact}"]`).focus();
  };
  const renderFiltered = () => {
    renderHeatMap(a, state.cell, chooseCell, scales);
    renderRisks(a, state.cell, () => {
      state.cell = null;
      renderFiltered();
      byId('risks-heading').focus();
    });
  };
  renderSummary(a);
  renderFiltered();
  renderRoles(a);
  renderObligations(a);
  renderWarnings(a);
  state.people = peopleOf(a);
  renderPeople(state.people, state.chosen, toggle);
  filterPeople();
  byId('whatif-result').replaceChildren();
  byId('results').hidden = false;
}

/**
 * The roster file to send, or null having said why there is none: no file chosen, or an empty one (sent, a file of no
 * bytes is a request without a body, which the API answers with advice about Content-Length). Every way of sending the
 * roster asks this first.
 */
function rosterToSend(what) {
  if (!state.file) {
    showError(new Error('Choose a roster file (CSV or XLSX) first.'), what);
    return null;
  }
  if (state.file.size === 0) {
    showError(new Error(`${state.file.name} is empty (0 bytes). Choose the roster file, or fill in the roster template and choose that.`), what);
    return null;
  }
  return state.file;
}

async function run() {
  if (!rosterToSend('Assessment')) {
    if (!state.file) byId('roster').focus();
    return;
  }
  // A file chosen (or dropped) while the page is still loading its options would find no boxes to read: wait for them.
  // If they cannot be loaded, the page already says so.
  try {
    await options;
  } catch {
    return;
  }
  const file = state.file;
  const asked = { ...chosenOptions(), orgId: orgIdOf(file.name) };
  if (asked.orgTypes.length === 0 || asked.jurisdictions.length === 0) {
    showError(new Error('Choose at least one organization type and one jurisdiction.'), 'Assessment');
    return;
  }
  clearError();
  const started = performance.now();
  const ask = ++asking;
  setStatus(`Assessing ${file.name}…`);
  // The results on screen are another file's, or the options' before this change: a large roster takes seconds, and
  // meanwhile they would be read as this one's.
  byId('results').hidden = true;
  byId('assess').disabled = true;
  try {
    const [assessment, served] = await Promise.all([assess(file, asked), options]);
    // A file chosen while this one was assessed has replaced it: its answer is the one to show.
    if (ask !== asking) return;
    state.asked = asked;
    state.assessment = assessment;
    state.assessed = file;
    state.cell = null;
    state.chosen = new Set();
    render(served.scales);
    renderScope(assessment, served.scope);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    setStatus(`Assessed ${file.name}: ${assessment.roster.rows} rows, ${assessment.roster.people} people, ${assessment.risks.length} risks (${seconds} s).`);
    document.documentElement.dataset.assessedIn = seconds;
  } catch (error) {
    if (ask !== asking) return;
    state.assessment = null;
    state.assessed = null;
    byId('results').hidden = true;
    showError(error, 'Assessment');
  } finally {
    if (ask === asking) byId('assess').disabled = false;
  }
}

function choose(file) {
  if (!file) return;
  state.file = file;
  run();
}

function toggle(personId, on) {
  if (on) state.chosen.add(personId);
  else state.chosen.delete(personId);
}

function filterPeople() {
  const words = byId('whatif-search').value.trim().toLowerCase();
  for (const item of byId('whatif-people').children) item.hidden = words !== '' && !item.dataset.search.includes(words);
}

/**
 * Runs what a button asked for, once at a time: a large roster takes seconds to assess or to make a register of, and
 * meanwhile the button takes no second click. It is marked aria-disabled rather than disabled, so the keyboard's
 * focus stays on it.
 */
async function busy(button, task) {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    await task();
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

async function whatIf() {
  const people = state.people.filter((p) => state.chosen.has(p.personId));
  if (people.length === 0) {
    byId('whatif-result').replaceChildren(h('p', {}, 'Choose one or more people first.'));
    return;
  }
  clearError();
  setStatus(`Assessing without ${people.length} ${people.length === 1 ? 'person' : 'people'}…`);
  // An assessment asked for meanwhile replaces the results this what-if compares with: its answer is then dropped.
  const ask = asking;
  try {
    const after = await assess(state.assessed, { ...state.asked, without: people.map((p) => p.personId) });
    if (ask !== asking) return;
    renderWhatIf(state.assessment, after, people);
    setStatus('What-if assessed.');
  } catch (error) {
    if (ask === asking) showError(error, 'What-if');
  }
}

/** Downloads a file through the button that asked for it; the status says what is being made meanwhile. */
function saveFile(button, what, doing, url, init, fallbackName) {
  return busy(button, async () => {
    clearError();
    setStatus(doing);
    try {
      const name = await download(url, init, fallbackName);
      setStatus(`Downloaded ${name}.`);
    } catch (error) {
      showError(error, what);
    }
  });
}

function chosenOrg() {
  const org = byId('org').value.trim();
  if (/^[a-z0-9-]{3,63}$/.test(org)) return org;
  showError(new Error('Write the organization id: 3 to 63 of a-z, 0-9 and -.'), 'Organization history');
  byId('org').focus();
  return null;
}

/** The access key typed for `serve --keys`, read from its field at each request: never kept anywhere else. */
const accessKey = () => byId('org-key').value.trim();

/** A refusal from an organization's route says plainly that the key or sign-in is the reason; anything else as the API said it. */
function showOrgError(error, what, org) {
  if (error instanceof ProblemError && (error.status === 401 || error.status === 403)) {
    const action = error.status === 403 ? ' (or not this action)' : '';
    showError(new Error(`The access key or sign-in does not give access to the organization ${org}${action}. ` +
      'Sign in as one of its users, or under serve --keys type a key mapped to it.'), what);
    return;
  }
  showError(error, what);
}

async function showHistory(org) {
  const list = await getJson(`${orgPath(org)}/assessments`, accessKey());
  renderHistory(list);
  return list;
}

/**
 * Keeps the roster in the organization's history. The workspace assesses it with the organization's stored profile,
 * so an organization without one gets one made from the types and jurisdictions chosen above. The assessment runs in
 * the background: the list is read again until the roster's row is there.
 */
async function saveRoster() {
  const org = chosenOrg();
  if (!org) return;
  if (!rosterToSend('Saving the roster')) return;
  clearError();
  const status = (text) => { byId('history-status').textContent = text; };
  try {
    const key = accessKey();
    if (!await exists(`${orgPath(org)}/profile`, key)) {
      const asked = chosenOptions();
      await send('PUT', `${orgPath(org)}/profile`,
        JSON.stringify({ id: org, orgTypes: asked.orgTypes, jurisdictions: asked.jurisdictions }), 'application/json', key);
      status(`Made a profile for ${org} from the organization types and jurisdictions chosen above.`);
    }
    const before = (await getJson(`${orgPath(org)}/assessments`, key)).assessments.length;
    const receipt = await send('POST', `${orgPath(org)}/rosters`, state.file, 'application/octet-stream', key);
    status(`Saved ${state.file.name} to ${org}; assessing it…`);
    for (let tries = 0; tries < 120; tries++) {
      const list = await showHistory(org);
      // Newest first: the row that was not there before is this roster's.
      const row = list.assessments.length > before ? list.assessments.find((x) => x.rosterSha256 === receipt.rosterSha256) : null;
      if (row) {
        status(`Saved ${state.file.name} to ${org}: ${row.status}.`);
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
    }
    status(`Saved ${state.file.name} to ${org}; its assessment is not done yet. Show past assessments later.`);
  } catch (error) {
    showOrgError(error, 'Saving the roster', org);
  }
}

function wire() {
  byId('save-roster').addEventListener('click', saveRoster);
  byId('history-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const org = chosenOrg();
    if (!org) return;
    clearError();
    try {
      const list = await showHistory(org);
      byId('history-status').textContent = `${list.assessments.length} past assessments of ${org}.`;
    } catch (error) {
      showOrgError(error, 'Organization history', org);
    }
  });
  byId('roster').addEventListener('change', (e) => choose(e.target.files[0]));
  byId('assess-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  const zone = byId('drop');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    choose(e.dataTransfer.files[0]);
  });
  byId('download-template').addEventListener('click', (e) =>
    saveFile(e.currentTarget, 'Template download', 'Downloading the roster template…', '/api/template', {}, 'roster-template.xlsx'));
  // The register is made from the file and options of the results on screen, so it carries the roster's own sheets too.
  byId('download-register').addEventListener('click', (e) =>
    saveFile(e.currentTarget, 'Register download', `Making the register workbook of ${state.assessed.name}…`, assessUrl(state.asked, 'xlsx'),
      { method: 'POST', body: state.assessed, headers: { 'Content-Type': 'application/octet-stream' } }, 'register.xlsx'));
  // Enter in the search box submits the form too: either way the one button is busy while the what-if runs.
  byId('whatif-form').addEventListener('submit', (e) => {
    e.preventDefault();
    busy(byId('whatif-run'), whatIf);
  });
  byId('whatif-clear').addEventListener('click', () => {
    state.chosen.clear();
    renderPeople(state.people, state.chosen, toggle);
    filterPeople();
    byId('whatif-result').replaceChildren();
  });
  byId('whatif-search').addEventListener('input', filterPeople);
}

options.then((served) => {
  checkboxes('org-types', 'orgType', served.orgTypes, ['hospital']);
  checkboxes('jurisdictions', 'jurisdiction', served.jurisdictions, ['US']);
}).catch((error) => showError(error, 'Loading the page'));
wire();
