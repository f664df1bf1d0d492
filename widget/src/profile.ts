const PROFILE_KEY = 'destek.profile';

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
  try {
    localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
  } catch {
    // Not kept; asked again next time.
  }
}
