export const EMAIL_MAX = 254;
// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail server's business.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmailAddress = (value: string): boolean => value.length <= EMAIL_MAX && EMAIL.test(value);
