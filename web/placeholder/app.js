// A placeholder client for the accounts API; the React app replaces it.
let csrfToken = null;
const $ = (id) => document.getElementById(id);
const say = (text) => ($('status').textContent = text);

async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (!json.success)
    throw new Error(
      json.details
        ? `${json.error} ${Object.entries(json.details)
            .map(([k, v]) => `${k} ${v}`)
            .join('; ')}`
        : json.error,
    );
  return json.data;
}

function show(user) {
  $('signed-in').hidden = !user;
  $('signed-out').hidden = Boolean(user);
  if (!user) return;
  const rows = {
    'E-mail': user.email,
    Name: user.name ?? '—',
    Role: user.role,
    Plan: user.billing.tier,
    Since: new Date(user.createdAt).toLocaleString(),
  };
  $('profile').replaceChildren(
    ...Object.entries(rows).flatMap(([k, v]) => [
      Object.assign(document.createElement('dt'), { textContent: k }),
      Object.assign(document.createElement('dd'), { textContent: v }),
    ]),
  );
}

const formData = (form) => Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));

function onSubmit(id, handler) {
  $(id).addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await handler(formData(event.target));
    } catch (error) {
      say(error.message);
    }
  });
}

onSubmit('register', async (body) => {
  const data = await api('POST', '/api/register', body);
  csrfToken = data.csrfToken;
  show(data.user);
  say('Welcome!');
});
onSubmit('login', async (body) => {
  const data = await api('POST', '/api/login', body);
  csrfToken = data.csrfToken;
  show(data.user);
  say('Signed in.');
});
onSubmit('reset-request', async (body) => {
  await api('POST', '/api/password-reset', body);
  say('If the account exists, a reset link is on its way.');
});
onSubmit('reset-confirm-form', async (body) => {
  const token = new URLSearchParams(location.search).get('token');
  await api('POST', '/api/password-reset/confirm', { token, password: body.password });
  history.replaceState(null, '', '/');
  $('reset-confirm').hidden = true;
  say('Password changed. Log in with the new one.');
});
$('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout');
  csrfToken = null;
  show(null);
  say('Signed out.');
});

if (location.pathname === '/reset-password') {
  $('reset-confirm').hidden = false;
  $('signed-out').hidden = true;
} else {
  api('GET', '/api/profile').then(
    (data) => {
      csrfToken = data.csrfToken;
      show(data.user);
    },
    () => show(null),
  );
}
