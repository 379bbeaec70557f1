/**
 * How often account actions may be attempted (issue 11). Each rule names its
 * stable refusal code and the words a person sees; `server/auth/rateLimit.ts`
 * counts. Tests pass their own policy through `startServer({ rateLimits })`.
 */

export type RateLimitCode = "SIGN_UP_RATE_LIMITED" | "PASSWORD_RESET_RATE_LIMITED" | "VERIFICATION_RATE_LIMITED" | "EMAIL_CHANGE_RATE_LIMITED" | "PASSWORD_CHECK_RATE_LIMITED" | "DOMAIN_VERIFICATION_RATE_LIMITED";

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface RateLimitRule {
  /** Part of every key, so rules never share a counter. */
  name: string;
  code: RateLimitCode;
  /** The first sentence of the refusal; "Please wait … before trying again." follows. */
  refusal: string;
  limits: { address?: RateLimit; client?: RateLimit; user?: RateLimit };
}

export interface RateLimitPolicy {
  signUp: RateLimitRule;
  passwordReset: RateLimitRule;
  verificationResend: RateLimitRule;
  emailChange: RateLimitRule;
  /** Checking a password outside sign-in: re-authentication, changing the password or the email. */
  passwordCheck: RateLimitRule;
  /** Links that prove control of a company domain (issue 13): each one emails an address outside the workspace. */
  domainVerification: RateLimitRule;
}

const hour = 3_600;

export const defaultRateLimits: RateLimitPolicy = {
  signUp: {
    name: "sign-up",
    code: "SIGN_UP_RATE_LIMITED",
    refusal: "Too many accounts have been started from here or with this email address.",
    limits: { address: { max: 5, windowSeconds: hour }, client: { max: 20, windowSeconds: hour } },
  },
  passwordReset: {
    name: "password-reset",
    code: "PASSWORD_RESET_RATE_LIMITED",
    refusal: "Too many password reset emails have been asked for, from here or for this address.",
    limits: { address: { max: 3, windowSeconds: hour }, client: { max: 20, windowSeconds: hour } },
  },
  verificationResend: {
    name: "verification",
    code: "VERIFICATION_RATE_LIMITED",
    refusal: "We've sent several confirmation emails already.",
    limits: { user: { max: 5, windowSeconds: hour }, client: { max: 20, windowSeconds: hour } },
  },
  emailChange: {
    name: "email-change",
    code: "EMAIL_CHANGE_RATE_LIMITED",
    refusal: "Too many email address changes have been asked for.",
    limits: { user: { max: 5, windowSeconds: hour }, client: { max: 20, windowSeconds: hour } },
  },
  passwordCheck: {
    name: "password-check",
    code: "PASSWORD_CHECK_RATE_LIMITED",
    refusal: "Your password has been entered too many times.",
    limits: { user: { max: 10, windowSeconds: 15 * 60 } },
  },
  domainVerification: {
    name: "domain-verification",
    code: "DOMAIN_VERIFICATION_RATE_LIMITED",
    refusal: "Several verification emails have been sent for domains already.",
    limits: { address: { max: 3, windowSeconds: hour }, user: { max: 10, windowSeconds: hour } },
  },
};
