// Who is logged in, and logging out, through the session API (the shell itself is cached and
// knows nobody). Offline the app stays open; online without a session it goes to the login.
const who = document.getElementById('who');
const logout = document.getElementById('logout');

async function currentSession() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' });
  if (response.status === 401) {
    window.location.assign('/login?next=/app');
    return null;
  }
  return response.ok ? response.json() : null;
}

const loaded = currentSession().catch(() => null); // no network: nothing to show yet
loaded.then((session) => {
  if (session) who.textContent = session.user.full_name || session.user.username;
});

logout.addEventListener('click', async () => {
  const session = (await loaded) || (await currentSession().catch(() => null));
  if (session) {
    await fetch('/api/v1/session', {
      method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRFToken': session.csrf_token },
    });
  }
  window.location.assign('/login');
});
