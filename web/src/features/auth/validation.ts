import type { FieldErrors } from '../../api/errors';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string, errors: FieldErrors): void {
  if (!email.trim()) errors.email = 'Enter your e-mail address.';
  else if (!emailPattern.test(email.trim())) errors.email = 'Enter an e-mail address like name@example.com.';
}

export function checkNewPassword(password: string, errors: FieldErrors): void {
  if (password.length < 8) errors.password = 'Use at least 8 characters.';
}
