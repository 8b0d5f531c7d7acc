import type { Mail } from './mailer.ts';

/** The words of every account mail, kept together so they read as one voice. */
export const accountMail = {
  verifyEmail(to: string, name: string, link: string): Mail {
    return {
      to,
      subject: 'Confirm your email address for Commonplace',
      text: `Hello ${name},\n\nPlease confirm that this is your email address by opening this link:\n\n${link}\n\nThe link works for 24 hours. If you did not sign up for Commonplace, you can ignore this message.\n`,
    };
  },
  resetPassword(to: string, name: string, link: string): Mail {
    return {
      to,
      subject: 'Reset your Commonplace password',
      text: `Hello ${name},\n\nSomeone (we hope you) asked to reset the password of your Commonplace account. To choose a new password, open this link within the next hour:\n\n${link}\n\nThe link works once. If you did not ask for this, ignore this message: your password stays as it is.\n`,
    };
  },
  changeEmail(to: string, name: string, link: string): Mail {
    return {
      to,
      subject: 'Confirm your new email address for Commonplace',
      text: `Hello ${name},\n\nTo make this your account's email address, open this link within 24 hours:\n\n${link}\n\nUntil then, your account keeps its old address.\n`,
    };
  },
  emailChangedNotice(to: string, name: string, newEmail: string): Mail {
    return {
      to,
      subject: 'Your Commonplace email address was changed',
      text: `Hello ${name},\n\nYour account's email address is now ${newEmail}. If you did not make this change, reset your password at once and tell an administrator.\n`,
    };
  },
  passwordChangedNotice(to: string, name: string): Mail {
    return {
      to,
      subject: 'Your Commonplace password was changed',
      text: `Hello ${name},\n\nThe password of your Commonplace account was just changed, and every other session was signed out. If this was not you, reset your password now.\n`,
    };
  },
};
