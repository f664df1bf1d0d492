import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Where a number written without its country code is taken to be (the first shops are Turkish). */
export const DEFAULT_PHONE_REGION: CountryCode = 'TR';

/**
 * A phone number as people write it ("0532 123 45 67", "+90 532 123 4567", "532 1234567",
 * "0090 532…") in E.164 ("+905321234567"), the form identities are keyed by; undefined when it is
 * not a valid number. A number without a country code is read as `region`'s.
 */
export function toE164(written: string, region: CountryCode = DEFAULT_PHONE_REGION): string | undefined {
  const parsed = parsePhoneNumberFromString(written.trim(), region);
  return parsed?.isValid() ? parsed.number : undefined;
}
