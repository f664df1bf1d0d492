import { signal } from '@preact/signals';

/**
 * Routes live in the hash (`#/tickets/10234`), so every link works on a static host without rewrites
 * and nothing about the agent reaches the server's logs.
 */
export type Route = { readonly page: 'inbox'; readonly ticketId?: string } | { readonly page: 'dashboard' } | { readonly page: 'admin' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const ticket = /^\/tickets\/([\w-]+)$/.exec(path);
  if (ticket) return { page: 'inbox', ticketId: ticket[1]! };
  if (path === '/dashboard') return { page: 'dashboard' };
  if (path === '/admin') return { page: 'admin' };
  return { page: 'inbox' };
}

export const route = signal<Route>(parseRoute(location.hash));
addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});

export const hrefOf = (r: Route): string => (r.page === 'inbox' ? (r.ticketId ? `#/tickets/${r.ticketId}` : '#/') : `#/${r.page}`);

export function navigate(r: Route): void {
  location.hash = hrefOf(r);
}
