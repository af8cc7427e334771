// The admin API as the UI calls it: the token lives in sessionStorage (gone when the tab closes) and goes out as
// "Authorization: Bearer", to Gatehouse only (same origin; no cookies, so no cross-site request can use it).

const KEY = 'gatehouse.token';
const ROLE = 'gatehouse.role';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  signIn: (token) => sessionStorage.setItem(KEY, token),
  signOut: () => {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
  /** The token's role from /api/v1/whoami; null when the server does not say. Only hides buttons: the API decides. */
  role: () => sessionStorage.getItem(ROLE),
  knowRole: (role) => sessionStorage.setItem(ROLE, role),
};

/** An answer other than 2xx: status and the API's sentence. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls /api/v1/{path}; query is an object of parameters (empty ones left out); body is sent as JSON. */
export async function api(path, { method = 'GET', query, body, token = session.token(), raw = false } = {}) {
  const headers = { Accept: 'application/json', Authorization: 'Bearer ' + token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('/api/v1/' + path + queryString(query), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit', redirect: 'error',
  });
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (notJson) {
    data = null;
  }
  if (!response.ok) {
    if (response.status === 401 && token === session.token()) {
      window.dispatchEvent(new CustomEvent('gatehouse:unauthorized'));
    }
    const sentence = data && typeof data.error === 'string' ? data.error : (text || response.statusText);
    throw new ApiError(response.status, sentence);
  }
  return data;
}

export function queryString(query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const q = params.toString();
  return q ? '?' + q : '';
}
