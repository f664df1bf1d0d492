const PROFILE_KEY = 'destek.profile';
const READ_KEY = 'destek.readAt';
/** The visitor token (connection.ts keeps it under this key). */
export const TOKEN_KEY = 'destek.token';

/** What the visitor told the pre-chat form (or that they skipped it), kept in the browser. */
export interface Profile {
  readonly name?: string;
  readonly email?: string;
  readonly done?: boolean;
}

export function loadProfile(): Profile {
  try {
    return JSON.parse(localStorage.getItem(PROFILE_KEY) ?? '{}') as Profile;
  } catch {
    return {};
  }
}

export function saveProfile(profile: Profile): void {
  store(PROFILE_KEY, JSON.stringify(profile));
}

/** The time of the newest reply the visitor has seen: what came later is unread, also after a reload. */
export function loadReadAt(): string {
  try {
    return localStorage.getItem(READ_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveReadAt(at: string): void {
  store(READ_KEY, at);
}

/** Destek.reset(): this browser forgets the visitor (token, pre-chat answers, what was read). */
export function forgetVisitor(): void {
  try {
    for (const key of [TOKEN_KEY, PROFILE_KEY, READ_KEY]) localStorage.removeItem(key);
  } catch {
    // Storage blocked: nothing was kept.
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not kept; asked (or counted) again next time.
  }
}
