/** Where to go after signing in when nothing (or nothing usable) was asked for. */
export const HOME_URL = '/vehicles';

/**
 * A returnUrl fit to navigate to: an app path only. Anything else (another origin such as `//evil.example`,
 * a scheme, the login page itself) gives the start page, so a crafted link cannot send the operator elsewhere.
 */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return HOME_URL;
  if (/^\/login(?:[/?#]|$)/.test(value)) return HOME_URL;
  return value;
}
