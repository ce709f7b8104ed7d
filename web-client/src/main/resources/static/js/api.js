// The REST side of the contract (API.md): JSON in and out, problem+json errors as ApiError, the access token kept in
// memory only and refreshed with the rotating refresh token (the one secret kept in localStorage).

const REFRESH = 'parley.refreshToken';

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
    this.code = problem.code;
  }
}

let accessToken = null;
let refreshing = null;

export const session = {
  get token() { return accessToken; },
  get signedIn() { return accessToken !== null; },
  start(answer) {
    accessToken = answer.token;
    localStorage.setItem(REFRESH, answer.refreshToken);
  },
  async resume() {
    if (!localStorage.getItem(REFRESH)) return false;
    try {
      await refresh();
      return true;
    } catch {
      return false;
    }
  },
  async end() {
    const refreshToken = localStorage.getItem(REFRESH);
    localStorage.removeItem(REFRESH);
    accessToken = null;
    if (refreshToken) await call('POST', '/api/auth/logout', {refreshToken}).catch(() => {});
  },
};

/** One refresh at a time: rotation makes a second use of the same refresh token revoke the whole session. */
function refresh() {
  refreshing ??= (async () => {
    try {
      const answer = await call('POST', '/api/auth/refresh', {refreshToken: localStorage.getItem(REFRESH)}, {anonymous: true});
      session.start(answer);
    } catch (error) {
      localStorage.removeItem(REFRESH);
      accessToken = null;
      throw error;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Sends a request; a 401 on an authenticated call refreshes the access token once and tries again. */
export async function call(method, path, body, {anonymous = false, retried = false, form = null, onProgress = null} = {}) {
  const headers = {};
  if (!anonymous && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (form) return upload(method, path, form, headers, onProgress);
  if (body !== undefined && body !== null) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {method, headers, body: body == null ? undefined : JSON.stringify(body)});
  if (response.status === 401 && !anonymous && !retried && localStorage.getItem(REFRESH)) {
    await refresh();
    return call(method, path, body, {retried: true});
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const answer = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const problem = answer || {title: response.statusText};
    if (response.headers.get('Retry-After')) problem.retryAfterSeconds ??= Number(response.headers.get('Retry-After'));
    throw new ApiError(problem, response.status);
  }
  return answer;
}

/** Multipart uploads with progress (fetch has no upload progress). */
function upload(method, path, form, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    Object.entries(headers).forEach(([name, value]) => request.setRequestHeader(name, value));
    request.upload.onprogress = event => event.lengthComputable && onProgress?.(event.loaded / event.total);
    request.onload = () => {
      const answer = request.responseText ? JSON.parse(request.responseText) : null;
      request.status < 300 ? resolve(answer) : reject(new ApiError(answer || {}, request.status));
    };
    request.onerror = () => reject(new ApiError({title: 'Network error'}, 0));
    request.send(form);
  });
}

/** Media bytes need the bearer token: fetched and shown as object URLs. */
export async function mediaUrl(path) {
  const response = await fetch(path, {headers: {Authorization: `Bearer ${accessToken}`}});
  if (!response.ok) return null;
  return URL.createObjectURL(await response.blob());
}

/** A problem's code as a sentence a person reads. */
export function explain(error) {
  const messages = {
    otp_invalid: 'That code is not right.',
    otp_expired: 'That code has expired: ask for a new one.',
    otp_cooldown: 'Wait a moment before asking for another code.',
    otp_send_limit: 'Too many codes were sent: try again later.',
    otp_attempts_exceeded: 'Too many wrong codes: ask for a new one.',
    invalid_identifier: 'Enter an email address or a phone number with its country code.',
    qr_invalid: 'That link has expired or was already used.',
    not_connected: 'You are not connected with this person.',
    connection_exists: 'You are already connected (or a request is pending).',
    self_connection: 'That is your own code.',
    media_too_large: 'That file is too large.',
    media_quota_exceeded: 'Your storage is full.',
    media_type_not_allowed: 'That kind of file is not allowed here.',
    rate_limited: 'Too many requests: slow down a little.',
  };
  return messages[error?.code] || error?.message || 'Something went wrong.';
}
