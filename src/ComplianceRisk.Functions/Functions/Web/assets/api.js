// The app's own HTTP API (docs/functions.md), asked on this origin only: the page works offline and under
// "connect-src 'self'".

/** An answer that is not 2xx, carrying the problem details (RFC 9457) the API sends with it. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The app answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

async function failed(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    problem = { title: `The app answered ${response.status} ${response.statusText}.` };
  }
  return new ProblemError(response.status, problem);
}

/**
 * The headers of a request, with the access key serve --keys reads (docs/functions.md, Authorization) when one is
 * given. On Azure the platform's sign-in identifies the user and no key is needed.
 */
function withKey(headers, key) {
  return key ? { ...headers, 'X-ComplianceRisk-Key': key } : headers;
}

/** A request for JSON: its answer, parsed. */
async function request(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw await failed(response);
  return response.json();
}

export const getJson = (url, key) => request(url, { headers: withKey({ Accept: 'application/json' }, key) });

/**
 * POST api/assess with the roster's bytes as the body. The host copies a body only when it has a length, which
 * a File gives; the content type is left to the server, which tells CSV from XLSX by content.
 */
export function assessUrl(options, format) {
  const query = new URLSearchParams();
  if (options.orgId) query.set('orgId', options.orgId);
  query.set('orgType', options.orgTypes.join(','));
  query.set('jurisdiction', options.jurisdictions.join(','));
  if (options.asOf) query.set('asOf', options.asOf);
  if (options.without && options.without.length) query.set('without', options.without.join(','));
  if (format) query.set('format', format);
  return `/api/assess?${query}`;
}

/**
 * The organization id a roster is assessed under: its file's name without the extension, lower case, with every run of
 * characters other than a-z and 0-9 written as one '-', as `complianceRisk assess` names the organization when it is
 * given no --org-id (AssessCommand.OrganizationIdOf, held to the same answers by a browser test). The page asks for no organization, so the results, the scope statement and the
 * register (its file name and Summary sheet) all name the file, as the CLI's do, rather than the API's stand-in id.
 */
export function orgIdOf(fileName) {
  const stem = fileName.replace(/\.[^.]*$/, '');
  // Split on anything but ASCII letters and digits before lower-casing: toLowerCase turns 'İ' into "i̇" and the Kelvin
  // sign into 'k', where the CLI's rule makes both separators.
  return stem.split(/[^A-Za-z0-9]+/).filter(Boolean).join('-').toLowerCase() || 'organization';
}

export const assess = (file, options) => send('POST', assessUrl(options), file, 'application/octet-stream');

/** Fetches a file and hands it to the browser as a download named as the server names it. */
export async function download(url, init, fallbackName) {
  const response = await fetch(url, init);
  if (!response.ok) throw await failed(response);
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = named ? decodeURIComponent(named[1]) : fallbackName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL is let go a little later.
  setTimeout(() => URL.revokeObjectURL(link.href), 30000);
  return link.download;
}

/** The organization workspace (issue 7): the roster kept as sent, assessed in the background with the org's profile. */
export const orgPath = (org) => `/api/orgs/${encodeURIComponent(org)}`;

export function send(method, url, body, contentType, key) {
  return request(url, { method, body, headers: withKey({ 'Content-Type': contentType, Accept: 'application/json' }, key) });
}

/**
 * Whether a GET finds something: false for a 404 (an organization with no profile yet). The body is not read: a stored
 * profile is answered as it was sent, with any comments and trailing commas the engine tolerates, which is no JSON.
 */
export async function exists(url, key) {
  const response = await fetch(url, { headers: withKey({ Accept: 'application/json' }, key) });
  if (response.status === 404) return false;
  if (!response.ok) throw await failed(response);
  return true;
}
