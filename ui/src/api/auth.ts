const TOKEN_KEY = 'export-ui.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

type Listener = () => void;
let unauthorizedListener: Listener | null = null;

/** The router registers a listener that navigates to the login page. */
export function onUnauthorized(listener: Listener | null): void {
  unauthorizedListener = listener;
}

/** Called by the API client on any 401: forget the token and go to the login page. */
export function handleUnauthorized(): void {
  clearToken();
  if (unauthorizedListener) {
    unauthorizedListener();
  } else if (typeof window !== 'undefined' && window.location.pathname !== '/login') {
    window.location.assign('/login');
  }
}
